"""People who sign in, and the roles they hold on units of the map.

A User signs in with a phone number and a password. What a user may see or do
comes only from RoleGrants: a role granted on one Unit covers that unit's
whole subtree (an officer of a commune sees its hamlets). A grant is revoked,
never deleted, so the audit trail can say who held which role when.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra):
        user = self.model(phone=phone, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    phone = models.CharField(_("phone number"), max_length=15, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.phone


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    TEAM_LEADER = "team_leader", _("Team leader")
    VOLUNTEER = "volunteer", _("Volunteer")
    INSTRUCTOR = "instructor", _("Instructor")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    LEARNER = "learner", _("Learner")


class RoleGrantQuerySet(models.QuerySet):
    def active(self) -> "RoleGrantQuerySet":
        return self.filter(revoked_at__isnull=True, unit__valid_to__isnull=True)


class RoleGrant(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="grants"
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_grant_per_user_role_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
