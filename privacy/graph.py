"""Which rows belong to an account, found from the model graph rather than listed by hand, so
a model added later is part of the download and of the deletion without anyone remembering.

A row belongs to an account when one of its foreign keys (or one-to-ones) points at the
account, or at a row that does (one hop: a delivery's appointment, an email confirmation's
address). Many-to-many tables Django makes itself (the account's groups) count too.
"""

from functools import cache, reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q


def _keys_to(model, target):
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one)
        if field.related_model is target
    ]


@cache
def user_paths():
    """{model: (lookup, ...)}: every model with rows that can point at an account, and the
    lookups (`patient`, `appointment__patient`) that reach the account from it."""
    user = get_user_model()
    models = apps.get_models(include_auto_created=True)
    direct = {model: _keys_to(model, user) for model in models if model is not user}
    direct = {model: names for model, names in direct.items() if names}
    paths = {model: list(names) for model, names in direct.items()}
    for model in models:
        for middle, names in direct.items():
            for key in _keys_to(model, middle):
                paths.setdefault(model, []).extend(f"{key}__{name}" for name in names)
    return {model: tuple(lookups) for model, lookups in paths.items()}


def rows_of(model, user):
    """The rows of `model` that point at `user` by any of its paths."""
    lookups = user_paths()[model]
    return model._default_manager.filter(reduce(or_, (Q(**{path: user}) for path in lookups)))
