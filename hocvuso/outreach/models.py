"""Community digital-technology teams and their door-to-door work.

A Team (Tổ công nghệ số cộng đồng) is set up by a commune decision for one
hamlet or residential group; its TeamMembers have a role in the team and an
affiliation (hamlet head, Youth Union, police...). Members who sign in are
linked to a User.

A Visit is one call at a household by a volunteer, with the VisitActions done
for each person there (installed VNeID, first QR payment...), each with an
outcome and maybe a follow-up date. Every visit carries ``client_id``, made on
the phone that recorded it, so a retried or doubled sync stores it once.
Outcomes done alone or with help become the person's Milestones; a person sent
to the commune police for VNeID level 2 gets a Referral, open until closed.

VisitFlags mark visits that look wrong (outside the volunteer's hamlet, twice
the same action on the same day, implausibly fast, in the future). They are
never silently dropped: a team leader reviews them.

An Assignment gives a left-behind person or household to a volunteer for a
round of visits.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.core.models import TimeStampedModel


class Team(TimeStampedModel):
    unit = models.ForeignKey(
        "geography.Unit", on_delete=models.PROTECT, related_name="teams"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("team name"), max_length=150)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    dissolved_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(dissolved_on__isnull=True),
                name="one_active_team_per_unit",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Team leader (tổ trưởng)")
    DEPUTY = "deputy", _("Deputy (tổ phó)")
    MEMBER = "member", _("Member (thành viên)")


class Affiliation(models.TextChoices):
    HAMLET_HEAD = "hamlet_head", _("Hamlet head")
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    FARMERS_UNION = "farmers_union", _("Farmers' Union")
    VETERANS = "veterans", _("Veterans' Association")
    POLICE = "police", _("Police")
    TECH_COMPANY = "tech_company", _("Telecom or technology company")
    VOLUNTEER = "volunteer", _("Volunteer")
    OTHER = "other", _("Other")


class TrainingStatus(models.TextChoices):
    NOT_TRAINED = "not_trained", _("Not trained yet")
    TRAINED = "trained", _("Trained")
    TRAINER = "trainer", _("Can train others")


class TeamMember(TimeStampedModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=15, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    affiliation = models.CharField(
        _("affiliation"), max_length=20, choices=Affiliation.choices
    )
    training_status = models.CharField(
        _("training"),
        max_length=20,
        choices=TrainingStatus.choices,
        default=TrainingStatus.NOT_TRAINED,
    )
    left_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.full_name


class Visit(models.Model):
    client_id = models.CharField(max_length=64, unique=True)
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="visits"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    feedback = models.TextField(_("feedback for the commune"), blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["volunteer", "started_at"]),
            models.Index(fields=["unit_path", "started_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} ({self.household_id})"


class ActionKind(models.TextChoices):
    SMARTPHONE = "smartphone", _("Set up the smartphone")
    INSTALL_VNEID = "install_vneid", _("Installed VNeID (level 1)")
    VNEID_LEVEL2 = "vneid_level2", _("VNeID level 2 (at the commune police)")
    EHEALTH_BOOK = "ehealth_book", _("Enabled the e-health book")
    ONLINE_PUBLIC_SERVICE = (
        "online_public_service",
        _("Submitted an online public service"),
    )
    BANK_ACCOUNT = "bank_account", _("Opened a bank account on the phone")
    EWALLET = "ewallet", _("Opened an e-wallet")
    QR_PAYMENT = "qr_payment", _("Made a first QR payment")
    SCAM_AWARENESS = "scam_awareness", _("Talked about scams")
    ONLINE_SHOPPING = "online_shopping", _("Shopped online")
    LOCAL_PLATFORM = "local_platform", _("Used the province's digital platform")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    ALONE = "alone", _("Done alone")
    WITH_HELP = "with_help", _("Done with help")
    PARTLY = "partly", _("Partly done")
    REFERRED = "referred", _("Referred")


class VisitAction(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="visit_actions"
    )
    kind = models.CharField(_("action"), max_length=30, choices=ActionKind.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome}"


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Referral(TimeStampedModel):
    action = models.OneToOneField(
        VisitAction, on_delete=models.CASCADE, related_name="referral"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="referrals"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(max_length=30, choices=ActionKind.choices)
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closing_note = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.status}"


class FlagKind(models.TextChoices):
    OUTSIDE_HAMLET = "outside_hamlet", _("Outside the volunteer's hamlet")
    DUPLICATE_ACTION = (
        "duplicate_action",
        _("Same action for the same person twice a day"),
    )
    TOO_FAST = "too_fast", _("Recorded implausibly fast")
    FUTURE_DATE = "future_date", _("Date in the future")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("To review")
    ACCEPTED = "accepted", _("Checked: fine")
    REJECTED = "rejected", _("Checked: wrong")


class VisitFlag(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="flags")
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    detail = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.visit_id} {self.kind}"


class Assignment(TimeStampedModel):
    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="assignments"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("visit by"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(done_at__isnull=True),
                name="one_open_assignment_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.volunteer_id}"
