"""Who may see what in the knowledge app.

Tips and explainers are the same for everyone signed in; a patient's feedback is hers alone,
so the views only ever read and write feedback for `request.user` (see `services` and
`selectors.feedback_of`). Unpublished articles look like articles that do not exist.
"""

from django.shortcuts import get_object_or_404

from knowledge.selectors import published


def article_for(slug):
    return get_object_or_404(published(), slug=slug)
