"""The person's written plans. Every save is a new version; earlier versions are kept."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers.models.validators import not_in_future

TEXT, SHORT = "text", "short"


class Plan(models.Model):
    class Kind(models.TextChoices):
        RELAPSE_PREVENTION = "relapse_prevention", _("Relapse prevention plan")
        COPING_STRESS = "coping_stress", _("Plan for coping with stress")
        PERSISTENT_SYMPTOMS = "persistent_symptoms", _("Plan for coping with persistent symptoms")
        MEDICATION_TAILORING = "medication_tailoring", _("Behavioral tailoring for medication")

    # What each plan asks: (key, label, kind). Keys are stored in versions; never rename one.
    FIELDS = {
        Kind.RELAPSE_PREVENTION: (
            ("triggers", _("What has set off a relapse before"), TEXT),
            ("warning_signs", _("Early warning signs"), TEXT),
            ("signs_to_watch", _("The signs to watch most closely"), TEXT),
            ("steps", _("What we will do when those signs show up"), TEXT),
            ("copy_holders", _("Who has a copy of this plan"), SHORT),
        ),
        Kind.COPING_STRESS: (
            ("stressors", _("What causes stress for me"), TEXT),
            ("stress_signs", _("How I can tell I am under stress"), TEXT),
            ("strategies", _("Ways of coping that work for me"), TEXT),
            ("new_strategies", _("New ways I want to try"), TEXT),
        ),
        Kind.PERSISTENT_SYMPTOMS: tuple(
            field
            for n, symptom in (
                (1, _("Problem or symptom 1")),
                (2, _("Problem or symptom 2")),
                (3, _("Problem or symptom 3")),
            )
            for field in (
                (f"symptom_{n}", symptom, SHORT),
                (f"tried_{n}", _("Ways of coping I have tried"), TEXT),
                (f"how_well_{n}", _("How well each one worked"), TEXT),
                (f"new_{n}", _("New ways to try"), TEXT),
            )
        ),
        Kind.MEDICATION_TAILORING: (
            ("medication", _("The medication this plan is for"), SHORT),
            ("routine", _("The daily routine it is built into"), TEXT),
            ("cue", _("The reminder (cue) that goes with it"), TEXT),
            ("notes", _("Anything else that helps"), TEXT),
        ),
    }
    SUPPORTERS_LABEL = {
        Kind.RELAPSE_PREVENTION: _("Supporters who help with this plan"),
        Kind.COPING_STRESS: _("Supporters who help me cope"),
        Kind.PERSISTENT_SYMPTOMS: _("Supporters who help me cope"),
        Kind.MEDICATION_TAILORING: _("The supporter who helps me remember"),
    }

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="plans"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["consumer", "kind"], name="plan_one_per_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()

    @classmethod
    @transaction.atomic
    def save_version(cls, consumer, kind, *, content, supporters, made_on, by):
        """Write a new version of the consumer's plan of this kind; the one way plans change."""
        plan, _ = cls.objects.get_or_create(consumer=consumer, kind=kind)
        # Lock the plan so two people saving at once get numbers 3 and 4, not 3 twice.
        plan = cls.objects.select_for_update().get(pk=plan.pk)
        last = plan.versions.aggregate(last=Max("number"))["last"] or 0
        keys = {key for key, _, _ in cls.FIELDS[kind]}
        version = PlanVersion.objects.create(
            plan=plan,
            number=last + 1,
            content={k: v for k, v in content.items() if k in keys and v},
            made_on=made_on,
            made_by=by,
        )
        version.supporters.set(supporters)
        return version


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    supporters = models.ManyToManyField("consumers.Supporter", blank=True, related_name="+")
    made_on = models.DateField(_("made on"), default=timezone.localdate, validators=[not_in_future])
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
        ]

    def __str__(self):
        return f"{self.plan} version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("A plan version is never changed; save a new version instead.")
        super().save(*args, **kwargs)

    @classmethod
    def in_force_on(cls, consumer, day):
        """The person's versions made on or before the day, each plan's newest (by its
        number, not its typed date) first: the first of a kind is the one in force."""
        return cls.objects.filter(plan__consumer=consumer, made_on__lte=day).order_by(
            "plan_id", "-number"
        )

    def answers(self):
        """(label, text) for every question, blank ones too, for showing and printing."""
        return [(label, self.content.get(key, "")) for key, label, _ in Plan.FIELDS[self.plan.kind]]
