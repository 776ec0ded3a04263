"""Forms for the parts of the chart: supporters, goals, plans, progress, the IMR Scale."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers import imr_scale, signatures
from consumers.forms.records import DATE, staff_name
from consumers.models import (
    Goal,
    GoalReview,
    GoalStep,
    ImrScaleAdministration,
    KnowledgeSkillsInventory,
    PersonSignature,
    Plan,
    Supporter,
    SupporterContact,
    TopicProgress,
)
from consumers.models.plans import TEXT
from consumers.models.validators import not_in_future
from curriculum.topics import TOPICS
from imr_site.forms import SavedMeanwhileMixin


class SupporterForm(forms.ModelForm):
    class Meta:
        model = Supporter
        fields = [
            "name",
            "relationship",
            "phone",
            "email",
            "consent_given_on",
            "consent_scope",
            "consent_withdrawn_on",
            "reads_handouts",
            "helps_homework",
            "helps_relapse_plan",
            "attends_sessions",
            "notes",
        ]
        labels = {
            "name": _("Name"),
            "relationship": _("Relationship"),
            "phone": _("Phone"),
            "email": _("Email"),
            "notes": _("Notes"),
            **dict(Supporter.WAYS),
        }
        widgets = {
            "consent_given_on": DATE,
            "consent_withdrawn_on": DATE,
            "consent_scope": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "consent_given_on": _(
                "The person chooses who to involve. Leave blank until they agree."
            ),
        }


class SupporterContactForm(forms.ModelForm):
    class Meta:
        model = SupporterContact
        fields = ["contacted_on", "mode", "imr_related", "note"]
        labels = {
            "contacted_on": _("Date of the contact"),
            "mode": _("How you were in touch"),
            "note": _("Note"),
        }
        widgets = {"contacted_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class GoalForm(SavedMeanwhileMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "kind",
            "parent",
            "description",
            "treatment_plan_link",
            "measure",
            "set_on",
            "target_date",
        ]
        labels = {"kind": _("Kind")}
        widgets = {
            "set_on": DATE,
            "target_date": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"target_date": _("For a short-term goal, about 3 to 6 months away.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Goal.objects.filter(
            consumer=self.instance.consumer, kind=Goal.Kind.LONG_TERM
        ).exclude(pk=self.instance.pk)
        self.fields["parent"].required = False
        self.add_stamp()

    def clean_set_on(self):
        set_on = self.cleaned_data["set_on"]
        # Only a date typed now: a goal from an earlier stay keeps its date.
        if "set_on" not in self.changed_data:
            return set_on
        consumer = self.instance.consumer
        if set_on < consumer.referred_on:
            raise ValidationError(
                _("%(name)s was referred on %(referred_on)s. A goal cannot be set before that.")
                % {
                    "name": consumer.preferred_name,
                    "referred_on": f"{consumer.referred_on:%Y-%m-%d}",
                }
            )
        return set_on


class BaseGoalStepFormSet(forms.BaseInlineFormSet):
    """A goal's steps, posted back by id: only this goal's own steps can be among them."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django would take any step's id (and then quietly skip the row).
        form.fields["id"].queryset = self.get_queryset()

    def clean(self):
        super().clean()
        # The id and goal are hidden fields, so their errors would show nowhere.
        if any(name in form.errors for form in self.forms for name in ("id", "goal")):
            raise ValidationError(
                _("The steps have changed since this page was opened: open the goal again.")
            )


GoalStepFormSet = forms.inlineformset_factory(
    Goal,
    GoalStep,
    formset=BaseGoalStepFormSet,
    fields=["description", "done_on"],
    widgets={"done_on": DATE},
    extra=3,
    can_delete=True,
)


class GoalReviewForm(forms.ModelForm):
    class Meta:
        model = GoalReview
        fields = ["reviewed_on", "progress", "status"]
        labels = {"status": _("The goal is now")}
        widgets = {"reviewed_on": DATE, "progress": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.fields["reviewed_on"].initial = timezone.localdate()
        self.fields["status"].initial = goal.status

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day < self.goal.set_on:
            raise ValidationError(
                _("A review cannot be before the goal was set (%(set_on)s).")
                % {"set_on": f"{self.goal.set_on:%Y-%m-%d}"}
            )
        return day


class PlanForm(forms.Form):
    """The questions of one kind of plan, and the supporters who help with it."""

    made_on = forms.DateField(label=_("Date of this version"), widget=DATE)

    def __init__(self, *args, kind, consumer, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["made_on"].initial = timezone.localdate()
        for key, label, field_kind in Plan.FIELDS[kind]:
            widget = forms.Textarea(attrs={"rows": 3}) if field_kind == TEXT else None
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=2000, widget=widget
            )
        self.fields["supporters"] = forms.ModelMultipleChoiceField(
            label=Plan.SUPPORTERS_LABEL[kind],
            queryset=Supporter.objects.filter(consumer=consumer),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Only supporters the person has agreed to involve can be chosen."),
        )
        self.consumer_supporters = self.fields["supporters"].queryset

    def clean_made_on(self):
        not_in_future(self.cleaned_data["made_on"])
        return self.cleaned_data["made_on"]

    def clean_supporters(self):
        chosen = self.cleaned_data["supporters"]
        without = [s.name for s in chosen if not s.has_consent]
        if without:
            raise ValidationError(
                _("%(names)s cannot be involved: the person has not given consent.")
                % {"names": ", ".join(without)}
            )
        return chosen

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(key) for key, _label, _kind in Plan.FIELDS[self.kind]):
            raise ValidationError(_("The plan is empty: write at least one answer."))
        return cleaned

    @classmethod
    def initial_from(cls, version):
        if version is None:
            return {}
        return {**version.content, "supporters": list(version.supporters.all())}


class InventoryMetaForm(forms.ModelForm):
    class Meta:
        model = KnowledgeSkillsInventory
        fields = ["completed_on", "session_number"]
        widgets = {"completed_on": DATE}


class TopicProgressForm(forms.ModelForm):
    class Meta:
        model = TopicProgress
        fields = ["status", "started_on", "completed_on"]
        labels = {"status": _("Status")}
        widgets = {"started_on": DATE, "completed_on": DATE}

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic, self.title = topic, dict(TOPICS)[topic]
        for name, field in self.fields.items():
            field.label = _("Topic %(number)s, %(title)s: %(field)s") % {
                "number": topic,
                "title": self.title,
                "field": field.label.lower(),
            }
            field.widget.attrs["class"] = "form-select" if name == "status" else "form-control"

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        started, completed = cleaned.get("started_on"), cleaned.get("completed_on")
        if status == TopicProgress.Status.COMPLETED and not completed:
            self.add_error("completed_on", _("Give the date the topic was completed."))
        if status == TopicProgress.Status.NOT_STARTED and (started or completed):
            self.add_error("status", _("A topic with dates has been started: choose its status."))
        if started and completed and completed < started:
            self.add_error("completed_on", _("A topic cannot be completed before it was started."))
        return cleaned


class ImrScaleForm(forms.ModelForm):
    """The 15 items as anchored answers; item 13 may be not applicable."""

    class Meta:
        model = ImrScaleAdministration
        fields = ["version", "timepoint", "answered_on", "rated_by"]
        widgets = {"answered_on": DATE}
        labels = {
            "version": _("Version"),
            "timepoint": _("Timepoint"),
            "rated_by": _("Rated by (clinician version)"),
        }

    def __init__(self, *args, raters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rated_by"].queryset = raters
        self.fields["rated_by"].label_from_instance = staff_name
        version = self.data.get("version") or self.initial.get("version") or self.instance.version
        for item in imr_scale.ITEMS:
            choices = [(str(n), f"{n}. {anchor}") for n, anchor in enumerate(item.anchors, 1)]
            if item.allows_not_applicable:
                choices.append((imr_scale.NOT_APPLICABLE, item.not_applicable_label))
            choices.append(("", _("Not answered")))
            question = (
                item.clinician_question
                if version == ImrScaleAdministration.Version.CLINICIAN
                else item.client_question
            )
            self.fields[f"answer_{item.number}"] = forms.CharField(
                label=f"{item.number}. {item.name}",
                help_text=question,
                required=False,
                widget=forms.RadioSelect(choices=choices),
            )
            if self.instance.pk:
                value = self.instance.answers()[item.number]
                self.initial[f"answer_{item.number}"] = "" if value is None else str(value)

    def item_fields(self):
        return [self[f"answer_{item.number}"] for item in imr_scale.ITEMS]

    def _clean_answer(self, number):
        raw = (self.cleaned_data.get(f"answer_{number}") or "").strip()
        # isdecimal, not isdigit: "²" is a digit int() cannot read; and int() refuses a
        # few thousand digits. Anything not read as a number is refused below as text.
        value = int(raw) if raw.isdecimal() and len(raw) < 10 else raw or None
        try:
            imr_scale.validate_answer(number, value)
        except ValueError as error:
            self.add_error(f"answer_{number}", str(error))
        return value

    def clean(self):
        cleaned = super().clean()
        answers = {item.number: self._clean_answer(item.number) for item in imr_scale.ITEMS}
        if not self.errors and all(v is None for v in answers.values()):
            raise ValidationError(_("No item was answered: answer at least one."))
        self.answers = answers
        timepoint, version = cleaned.get("timepoint"), cleaned.get("version")
        if timepoint and version and timepoint != ImrScaleAdministration.Timepoint.FOLLOW_UP:
            same = ImrScaleAdministration.objects.filter(
                consumer=self.instance.consumer, timepoint=timepoint, version=version
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "timepoint",
                    _(
                        "The %(version)s for this timepoint is already recorded. Open it from "
                        "the chart to correct it."
                    )
                    % {"version": ImrScaleAdministration.Version(version).label.lower()},
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        answers = getattr(self, "answers", {})
        for number, value in answers.items():
            if number == 13:
                self.instance.item_13_not_applicable = value == imr_scale.NOT_APPLICABLE
                value = None if value == imr_scale.NOT_APPLICABLE else value
            setattr(self.instance, f"item_{number}", value if isinstance(value, int) else None)


class PersonSignatureForm(forms.Form):
    """How the person signed a plan or a note: on the screen, on paper, or not at all."""

    how = forms.ChoiceField(
        label=_("How is the person signing?"),
        choices=[
            (PersonSignature.How.ON_SCREEN, _("They sign in the box on this screen")),
            (PersonSignature.How.ON_PAPER, _("They signed on paper")),
            (PersonSignature.How.DECLINED, _("They do not want to sign")),
        ],
        widget=forms.RadioSelect,
    )
    # Filled by static/js/person_signature.js from the box; checked on the server.
    drawing = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why not, in their words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        how = cleaned.get("how")
        if how == PersonSignature.How.ON_SCREEN:
            try:
                cleaned["drawing"] = signatures.clean_drawing(cleaned.get("drawing") or "")
            except ValidationError as error:
                self.add_error("drawing", error)
        else:
            cleaned["drawing"] = ""
        if how == PersonSignature.How.DECLINED:
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", _("Write why they do not want to sign."))
        else:
            cleaned["reason"] = ""
        return cleaned
