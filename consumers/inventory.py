"""The Knowledge and Skills Inventory: the questions, the answers form and how answers are shown."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

TEXT, SHORT, YES_NO, YES_NO_DETAIL, CHECKLIST = (
    "text",
    "short",
    "yes_no",
    "yes_no_detail",
    "checklist",
)
KINDS = (TEXT, SHORT, YES_NO, YES_NO_DETAIL, CHECKLIST)

YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("", _("Not asked or skipped"))]
DETAIL_SUFFIX = "__detail"


@dataclass(frozen=True)
class Question:
    key: str  # stable slug, unique across the whole inventory; stored in JSON, never rename
    label: str
    kind: str  # one of the five kinds above
    detail_label: str = ""  # YES_NO_DETAIL: e.g. "What do you like to read?"
    choices: tuple[tuple[str, str], ...] = ()  # CHECKLIST: (value, label)

    @property
    def detail_key(self) -> str:
        return f"{self.key}{DETAIL_SUFFIX}"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]


def _q(key, label, kind, detail_label="", choices=()):
    return Question(key, label, kind, detail_label, tuple(choices))


SECTIONS: tuple[Section, ...] = (
    Section(
        "daily_routine",
        _("Daily routine"),
        _(
            "Knowing how your days go helps us plan around what already works for you; "
            "you can skip any question."
        ),
        (
            _q("where_living", _("Where do you live right now?"), SHORT),
            _q(
                "lives_with_others",
                _("Do you live with other people, like family, a partner or roommates?"),
                YES_NO,
            ),
            _q("typical_day", _("What does a usual day look like for you?"), TEXT),
        ),
    ),
    Section(
        "education_work",
        _("School and work"),
        _(
            "Learning and work build skills, so we ask what you are doing now; "
            "skip anything you would rather not answer."
        ),
        (
            _q("taking_classes", _("Are you taking any classes?"), YES_NO),
            _q("self_study", _("Do you learn about any subjects on your own?"), YES_NO),
            _q("works_part_time", _("Do you have a part-time job?"), YES_NO),
            _q("works_full_time", _("Do you have a full-time job?"), YES_NO),
            _q("volunteers", _("Do you do volunteer work?"), YES_NO),
            _q("training_program", _("Are you in a training program?"), YES_NO),
            _q(
                "regular_activities",
                _(
                    "What do you spend time on most weeks? Think of hobbies, work, "
                    "chores and ways you relax."
                ),
                TEXT,
            ),
            _q("idle_times", _("Are there times in your day when you have nothing to do?"), YES_NO),
        ),
    ),
    Section(
        "leisure",
        _("Free time and creative activities"),
        _("The things you enjoy are strengths we can build on; skip anything you like."),
        (
            _q("time_off", _("What do you like to do in your free time?"), TEXT),
            _q("reads", _("Do you like to read?"), YES_NO_DETAIL, _("What do you like to read?")),
            _q("writes_journal", _("Do you like to write or keep a journal?"), YES_NO),
            _q("plays_instrument", _("Do you play a musical instrument?"), YES_NO),
            _q(
                "listens_music",
                _("Do you like to listen to music?"),
                YES_NO_DETAIL,
                _("What kind of music do you like?"),
            ),
            _q(
                "movies_tv",
                _("Do you like to watch movies or TV?"),
                YES_NO_DETAIL,
                _("Which movies or shows do you like?"),
            ),
            _q("makes_art", _("Do you like to draw or make other kinds of art?"), YES_NO),
            _q("looks_at_art", _("Do you like to look at art?"), YES_NO),
        ),
    ),
    Section(
        "relationships",
        _("Relationships"),
        _(
            "The people around you can help with recovery, and you choose who takes part; "
            "skip anything you like."
        ),
        (
            _q(
                "spends_time_with",
                _(
                    "Who do you spend time with most weeks? For example family, friends, "
                    "a partner, coworkers or classmates."
                ),
                TEXT,
            ),
            _q(
                "more_time_with",
                _("Is there someone you would like to see more often?"),
                YES_NO_DETAIL,
                _("Who is that?"),
            ),
            _q("supportive_people", _("Who can you talk to when you have a problem?"), TEXT),
            _q(
                "supporters_in_imr",
                _("Who, if anyone, would you like to bring into this program with you?"),
                TEXT,
            ),
        ),
    ),
    Section(
        "spiritual",
        _("Spiritual life"),
        _(
            "For many people faith or spirit is a source of strength, so we ask about it; "
            "skip this part if it does not fit you."
        ),
        (
            _q("spirituality_important", _("Is spirituality or faith important to you?"), YES_NO),
            _q("spiritual_comfort", _("What gives you comfort in your spiritual life?"), TEXT),
            _q("spiritual_care", _("What do you do to care for your spiritual side?"), TEXT),
            _q("formal_religion", _("Are you part of a religion or faith group?"), YES_NO),
            _q("meditates", _("Do you meditate?"), YES_NO),
            _q("spirit_in_nature", _("Does spending time in nature feed your spirit?"), YES_NO),
            _q(
                "spirit_in_arts",
                _("Do music, art or other arts feed your spirit?"),
                YES_NO,
            ),
        ),
    ),
    Section(
        "health",
        _("Health"),
        _(
            "Body and mind affect each other, so we ask how you look after your health; "
            "skip anything you like."
        ),
        (
            _q("health_care", _("What do you do to take care of your health?"), TEXT),
            _q("diet", _("How would you describe the way you eat?"), TEXT),
            _q("exercises", _("Do you exercise or stay active?"), YES_NO),
            _q("sees_doctor", _("Do you see a doctor for any health problems?"), YES_NO),
            _q("sleep_routine", _("How do you sleep? When do you go to bed and get up?"), TEXT),
        ),
    ),
    Section(
        "previous_programs",
        _("Programs you have been part of"),
        _(
            "What you have learned before counts, and it helps us not repeat it; "
            "skip anything you like."
        ),
        (
            _q(
                "recovery_programs",
                _("Have you taken part in any of these? Check all that apply."),
                CHECKLIST,
                choices=(
                    ("recovery_education", _("A recovery education program")),
                    ("self_help", _("A self-help program")),
                    ("peer_support", _("A peer support program")),
                    ("wrap", _("Wellness Recovery Action Plan (WRAP)")),
                    ("recovery_groups", _("A group that talked about recovery")),
                ),
            ),
            _q(
                "mental_health_class", _("Have you ever taken a class about mental health?"), YES_NO
            ),
            _q("family_education", _("Have you been to a family education program?"), YES_NO),
        ),
    ),
    Section(
        "mental_health_knowledge",
        _("What you know about mental health"),
        _(
            "You are the expert on your own life, so we start from what you already know; "
            "there are no wrong answers and you can skip any question."
        ),
        (
            _q("recovery_meaning", _("What does recovery mean to you?"), TEXT),
            _q("symptom_example", _("Can you tell me about a symptom you have had?"), TEXT),
            _q("symptom_thoughts", _("What are your thoughts about symptoms?"), TEXT),
            _q(
                "medication_pros_cons",
                _("What are the good sides and the bad sides of taking medicine for symptoms?"),
                TEXT,
            ),
            _q(
                "relapse_prevention",
                _("What do you do to keep your symptoms from coming back or getting worse?"),
                TEXT,
            ),
            _q("stress_effects", _("What happens to you when you feel stressed?"), TEXT),
            _q("coping", _("What helps you get through stress or symptoms?"), TEXT),
            _q("helpful_services", _("Which mental health services have helped you?"), TEXT),
        ),
    ),
    Section(
        "about_program",
        _("About this program"),
        _("Your questions and hopes shape what we work on together; skip anything you like."),
        (
            _q(
                "program_questions", _("What questions do you hope this program will answer?"), TEXT
            ),
            _q("program_hopes", _("What would you like to get out of this program?"), TEXT),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {q.key: q for s in SECTIONS for q in s.questions}


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _fields_for(question: Question) -> dict[str, forms.Field]:
    if question.kind == TEXT:
        return {
            question.key: forms.CharField(
                label=question.label,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        }
    if question.kind == SHORT:
        return {question.key: forms.CharField(label=question.label, required=False, max_length=200)}
    if question.kind in (YES_NO, YES_NO_DETAIL):
        fields = {
            question.key: forms.ChoiceField(
                label=question.label,
                required=False,
                choices=YES_NO_CHOICES,
                initial="",
                widget=forms.RadioSelect,
            )
        }
        if question.kind == YES_NO_DETAIL:
            fields[question.detail_key] = forms.CharField(
                label=question.detail_label, required=False, max_length=200
            )
        return fields
    if question.kind == CHECKLIST:
        return {
            question.key: forms.MultipleChoiceField(
                label=question.label,
                required=False,
                choices=question.choices,
                widget=forms.CheckboxSelectMultiple,
            )
        }
    raise ValueError(f"Unknown question kind {question.kind!r} for {question.key}")


class InventoryAnswersForm(forms.Form):
    """One optional field per question, grouped by section; `answers()` gives the JSON to store."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for section in SECTIONS:
            names = []
            for question in section.questions:
                for name, field in _fields_for(question).items():
                    self.fields[name] = field
                    names.append(name)
            layout.append(
                Fieldset(
                    section.title,
                    # format_html escapes the intro; crispy renders HTML() as a template.
                    HTML(format_html('<p class="text-body-secondary">{}</p>', section.intro)),
                    *names,
                )
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> carries the one token
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict:
        """The cleaned answers, blanks left out, so the stored JSON holds only what was said."""
        return {name: value for name, value in self.cleaned_data.items() if not _blank(value)}


def _display(question: Question, answers: dict) -> str:
    value = answers.get(question.key)
    if question.kind == CHECKLIST:
        # Old rows may hold a value no longer offered; show it raw rather than lose it.
        chosen = value if isinstance(value, list | tuple) else ([] if _blank(value) else [value])
        chosen = [str(v) for v in chosen]
        known = [str(label) for v, label in question.choices if v in chosen]
        offered = {v for v, _ in question.choices}
        return ", ".join(known + [v for v in chosen if v not in offered])
    if question.kind in (YES_NO, YES_NO_DETAIL):
        text = str(dict(YES_NO_CHOICES[:2]).get(value, "" if _blank(value) else value))
        detail = answers.get(question.detail_key) if question.kind == YES_NO_DETAIL else None
        if not _blank(detail):
            return f"{text} — {detail}" if text else str(detail)
        return text
    return "" if _blank(value) else str(value)


def answered_sections(answers: dict) -> list[tuple[Section, list[tuple[Question, str]]]]:
    """Every section and every question with its display text; blanks are "" for the printout."""
    answers = answers or {}
    return [
        (section, [(question, _display(question, answers)) for question in section.questions])
        for section in SECTIONS
    ]


def count_answered(answers: dict) -> int:
    """How many questions have any answer (a yes/no with its detail counts once)."""
    answers = answers or {}
    return sum(
        1
        for question in QUESTIONS.values()
        if not _blank(answers.get(question.key))
        or (question.kind == YES_NO_DETAIL and not _blank(answers.get(question.detail_key)))
    )
