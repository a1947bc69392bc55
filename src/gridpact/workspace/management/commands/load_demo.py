from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from gridpact.parties.models import Role
from gridpact.workspace import demo


class Command(BaseCommand):
    help = "Load the P-MIEK 2.0 Utrecht demonstration data (idempotent) and list the accounts."

    def handle(self, *args, **options):
        # The demo's history would otherwise print a dozen notification e-mails to the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            loaded = demo.load()
        if loaded:
            self.stdout.write(self.style.SUCCESS("Demonstration data loaded."))
        else:
            self.stdout.write("Demonstration data already present; nothing changed.")
        self.stdout.write(f"\nDemo accounts (password for all: {demo.DEMO_PASSWORD}):")
        for spec in demo.DEMO_USERS:
            self.stdout.write(
                f"  {spec.username:<17} {spec.first_name} {spec.last_name}, "
                f"{spec.job_title} ({spec.organisation}, {Role(spec.role).label})"
            )
        self.stdout.write(f"  {'admin':<17} administrator (back-office /admin/)")
        if settings.GRIDPACT_MFA_REQUIRED:
            self.stdout.write(
                "\nTwo-step verification is required: coordinator and admin set up an "
                "authenticator app at their first login."
            )
        else:
            self.stdout.write(
                "\nTwo-step verification is optional here (GRIDPACT_MFA_REQUIRED is off); "
                "production requires it of coordinators and administrators."
            )
