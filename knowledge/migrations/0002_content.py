"""Kept so that databases migrated before the content moved to files keep their history.

This migration used to load the shipped articles by importing `knowledge.content`, live
application code that a later model field could break on a fresh database. The articles now
live in Markdown files (`knowledge/content/`) and `manage.py load_content` loads them, after
`migrate`, on every deployment and in `make run`.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = []
