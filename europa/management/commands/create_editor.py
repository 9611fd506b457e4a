"""Give a new editor a way into the admin: an account that can enter results and see the
rest, with a random password printed once. Administrators use createsuperuser instead."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from europa.accounts import EDITORS, create_editor


class Command(BaseCommand):
    help = "Create an editor's account (staff, in the Editors group, not a superuser) and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The user name the editor signs in with.")

    def handle(self, name, **options):
        User = get_user_model()
        try:
            User._meta.get_field(User.USERNAME_FIELD).clean(name, None)
        except ValidationError as error:
            raise CommandError(f"{name!r} cannot be a user name: {' '.join(error.messages)}") from None
        if User.objects.filter(**{User.USERNAME_FIELD: name}).exists():
            raise CommandError(
                f"An account named {name!r} exists already; nothing changed. To give it a new "
                f"password: .venv/bin/python manage.py changepassword {name}"
            )
        if not Group.objects.filter(name=EDITORS).exists():
            raise CommandError("The Editors group is missing: run .venv/bin/python manage.py migrate first.")
        _, password = create_editor(name)
        self.stdout.write(self.style.SUCCESS(
            f"Editor account {name!r} created. Password: {password}\n"
            "(shown once, never stored in clear: pass it on to the editor privately)"
        ))
