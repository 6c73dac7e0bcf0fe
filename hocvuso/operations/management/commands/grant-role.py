import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hocvuso.accounts.models import Role, User
from hocvuso.accounts.services import role_grant, user_create
from hocvuso.core.errors import ServiceError
from hocvuso.core.text import normalise_phone
from hocvuso.geography.models import Unit


class Command(BaseCommand):
    help = (
        "Give a staff account a role on a unit (and its subtree), creating the"
        " account if the phone number has none: how a new deployment gets its"
        " first province administrator. A new account's password is asked for,"
        " or read from standard input when that is not a terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--phone", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", required=True, metavar="CODE")
        parser.add_argument("--name", help="full name, for a new account")

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(
                f"no unit with code {options['unit']}: run `hocvuso load-units` first"
            )
        phone = normalise_phone(options["phone"]) or options["phone"]
        user = User.objects.filter(phone=phone).first()
        try:
            with transaction.atomic():
                if user is None:
                    if not options["name"]:
                        raise CommandError("a new account needs --name")
                    user = user_create(
                        actor=None,
                        phone=options["phone"],
                        full_name=options["name"],
                        password=self._password(),
                    )
                    self.stdout.write(f"created the account {user.phone}")
                role_grant(actor=None, user=user, role=options["role"], unit=unit)
        except ServiceError as error:
            raise CommandError(str(error.message)) from error
        role = options["role"]
        self.stdout.write(f"{user.phone} is {role} of {unit.name} ({unit.code})")

    def _password(self) -> str:
        if sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        else:
            password = sys.stdin.readline().rstrip("\n")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
