"""Editors' accounts: staff in the Editors group (made by migration 0005), never superusers,
each with a random password that is shown once. Superusers are for administrators."""
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

EDITORS = "Editors"


def create_editor(username):
    """Make an editor's account; return it and its password, which is stored only hashed."""
    password = secrets.token_urlsafe(16)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
    return user, password
