"""Give the person at the keyboard a way into the admin of a local, debug-mode site:
an editor's account named "editor" (not a superuser) with a random password, printed once.
Never on a real deployment (another database, or debug off), and never a fixed default password."""
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection

from europa.accounts import create_editor


class Command(BaseCommand):
    help = "Create the local 'editor' account, an editor's, with a random password (debug + SQLite only)."

    def handle(self, **options):
        if not settings.DEBUG or connection.vendor != "sqlite":
            self.stdout.write(
                "Not a local debug site: no account created. Use create_editor NAME for an editor, "
                "createsuperuser for an administrator."
            )
            return
        User = get_user_model()
        if User.objects.filter(username="editor").exists():
            self.stdout.write(
                "The local admin account 'editor' exists; its password was printed when it was "
                "created. Forgot it? Run: .venv/bin/python manage.py changepassword editor"
            )
            return
        # An editor's rights, as the person entering results has on a real site.
        _, password = create_editor("editor")
        self.stdout.write(self.style.SUCCESS(
            "\nAdmin: http://127.0.0.1:{port}/{admin}  user: editor  password: {password}\n"
            "(shown once; this account exists only in your local db.sqlite3)\n".format(
                port=os.environ.get("PORT", "8000"), admin=settings.ADMIN_PATH, password=password
            )
        ))
