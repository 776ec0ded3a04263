"""Every form of the chart, fed generated bad input through its page (issue 7).

Each test posts a valid form with some fields replaced by what tests/strategies.py
draws (any unicode, NUL, too long, malformed or future dates, numbers out of range,
choices that do not exist, fields missing or sent twice, another program's ids) and
checks the answer against the database there: never a server error, a refusal shows
its errors and writes nothing, an acceptance writes and is audited.
"""

import itertools

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from consumers import inventory
from consumers.forms import clinicians_in
from consumers.models import (
    Consumer,
    Goal,
    GoalStep,
    ImrScaleAdministration,
    Program,
    Supporter,
    SupporterContact,
    TopicProgress,
)
from curriculum.topics import TOPIC_NUMBERS
from tests.forms import record_data, referral_data
from tests.strategies import (
    FUZZ,
    Sent,
    any_text,
    bad,
    changes,
    checkbox,
    choice,
    date,
    days_ago,
    dropped,
    fingerprint,
    kept,
    last,
    last_event_id,
    not_numbers,
    number,
    object_id,
    odd,
    post_and_check,
    repeated,
    several,
    some_text,
    text,
    ticked,
    too_long,
    with_nul,
    writes_audited,
)
from tests.world import HARBOR_TEAM

NUMBERS = itertools.count(1)


def part_forms(response):
    return response.context["forms"]


def harbor():
    return Program.objects.get(name=HARBOR_TEAM)


def clinician_ids(program):
    return list(clinicians_in([program]).values_list("pk", flat=True))


def outsider_ids(world):
    """Staff who carry no caseload in Northside: another team's, another agency's, no one's."""
    names = ("jo.martin", "lena.hart", "tom.reed", "coordinator", "reviewer", "authority")
    return [world.user(name).pk for name in names]


def stamp(*, editing):
    """The hidden `opened_at` of a record's edit form: when the page read the record. Any
    other text means someone saved it since, and the form refuses; without one it is not
    checked (a new record has none). NUL has a test of its own, below."""
    junk = st.one_of(some_text, st.just("2020-01-01T00:00:00+00:00"))
    return repeated(st.one_of((bad if editing else odd)(junk), dropped(required=False)))


def consumer_fields(world, *, editing=False):
    return {
        "opened_at": stamp(editing=editing),
        "program": object_id([world.northside.pk], [world.eastgate.pk, harbor().pk], required=True),
        "record_number": text(32, required=True),
        "preferred_name": text(100, required=True),
        "legal_name": text(200),
        "pronouns": text(40),
        "date_of_birth": date(past_only=True),
        "preferred_language": text(60),
        "phone": text(40),
        "may_leave_messages": checkbox(),
        "email": text(254),
        "address": text(),
        "diagnosis": choice(Consumer.Diagnosis.values, required=True),
        "referred_on": date(required=True, past_only=True),
        "initial-referred_on": repeated(odd(any_text | with_nul)),
        "referral_source": choice(Consumer.ReferralSource.values, required=True),
        "new_to_agency": checkbox(),
        "several_hospitalizations": checkbox(),
        "long_hospital_stay": checkbox(),
        "recent_release": checkbox(),
        "format": choice(Consumer.Format.values, required=True),
        "assigned_practitioner": object_id(clinician_ids(world.northside), outsider_ids(world)),
    }


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_a_new_referral_refuses_bad_input_and_writes_nothing(world, client_for, data):
    sent = data.draw(changes(consumer_fields(world)))
    baseline = referral_data(
        world.northside, record_number=f"FZ-{next(NUMBERS)}", referred_on=days_ago(3)
    )
    post_and_check(client_for("practitioner"), "/consumers/new/", baseline, sent)


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_editing_a_record_refuses_bad_input_and_leaves_it_as_it_was(world, client_for, data):
    # By id: an accepted example may have changed the record number.
    alex = Consumer.objects.get(pk=kept(world, "alex", lambda: world.consumer("RB-1001").pk))
    sent = data.draw(changes(consumer_fields(world, editing=True)))
    baseline = record_data(
        alex, phone=f"555-{next(NUMBERS):04d}", opened_at=alex.updated_at.isoformat()
    )
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/edit/",
        baseline,
        sent,
        may_change_nothing=True,
        form_level=["opened_at"],
    )


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_a_status_change_refuses_bad_input_and_keeps_the_history_whole(world, client_for, data):
    dee = world.consumer("RB-1004")
    fields = {
        "status": choice(Consumer.Status.values, required=True),
        "changed_on": date(required=True, past_only=True),
        "discharge_reason": choice(Consumer.DischargeReason.values),
        "note": text(300),
    }
    sent = data.draw(changes(fields))
    # Which steps are allowed depends on where the earlier examples left the person.
    allowed = [value for value, _ in dee.next_statuses]
    status = sent.get("status")
    if status and status.value in Consumer.Status.values and status.value not in allowed:
        sent["status"] = Sent(status.value, bad=True)
    baseline = {
        "status": allowed[0],
        "changed_on": dee.status_since.isoformat(),
        "discharge_reason": "moved",
        "note": "Fuzzed",
    }
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{dee.pk}/status/",
        baseline,
        sent,
        forms=part_forms,
    )


def supporter_fields():
    return {
        "name": text(200, required=True),
        "relationship": choice(Supporter.Relationship.values, required=True),
        "phone": text(40),
        "email": text(254),
        "consent_given_on": date(past_only=True),
        "consent_scope": text(),
        "consent_withdrawn_on": date(past_only=True),
        "reads_handouts": checkbox(),
        "helps_homework": checkbox(),
        "helps_relapse_plan": checkbox(),
        "attends_sessions": checkbox(),
        "notes": text(),
    }


def supporter_data(**fields):
    return {
        "name": "Maria Lopez",
        "relationship": "parent",
        "phone": "555-0123",
        "consent_given_on": days_ago(30),
        "consent_scope": "Goals and homework",
        "helps_homework": "on",
    } | fields


def a_supporter_with_consent(consumer):
    return Supporter.objects.create(
        consumer=consumer,
        name="Maria Lopez",
        relationship="parent",
        consent_given_on=consumer.referred_on,
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_new_supporter_refuses_bad_input(world, client_for, data):
    bea = world.consumer("RB-1002")
    sent = data.draw(changes(supporter_fields()))
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{bea.pk}/supporters/new/",
        supporter_data(),
        sent,
        forms=part_forms,
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_editing_a_supporter_refuses_bad_input(world, client_for, data):
    bea = world.consumer("RB-1002")
    maria = kept(world, "maria", lambda: a_supporter_with_consent(bea))
    sent = data.draw(changes(supporter_fields()))
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{bea.pk}/supporters/{maria.pk}/",
        supporter_data(notes=f"Saved {next(NUMBERS)}"),
        sent,
        forms=part_forms,
        may_change_nothing=True,
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_supporter_contact_refuses_bad_input(world, client_for, data):
    bea = world.consumer("RB-1002")
    maria = kept(world, "maria", lambda: a_supporter_with_consent(bea))
    fields = {
        "contacted_on": date(required=True, past_only=True),
        "mode": choice(SupporterContact.Mode.values, required=True),
        "imr_related": checkbox(),
        "note": text(),
    }
    sent = data.draw(changes(fields))
    baseline = {"contacted_on": days_ago(1), "mode": "phone", "imr_related": "on", "note": "Hi"}
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{bea.pk}/supporters/{maria.pk}/contacts/new/",
        baseline,
        sent,
        forms=part_forms,
    )


def goal_forms(response):
    return [response.context["form"], response.context["steps"]]


def management_number():
    """A formset's counts: Django reads any whole number (and shows fewer or more rows)."""
    return repeated(
        st.one_of(
            odd(st.integers(-3, 6).map(str)),
            bad(not_numbers),
            bad(with_nul),
            dropped(required=True),
        )
    )


def goal_fields(world, consumer, steps=(), *, editing=False):
    """The goal and its steps formset; `steps` are the goal's own, posted by id."""

    def ids(queryset):
        return sorted(queryset.values_list("pk", flat=True))

    long_term = Goal.objects.filter(kind=Goal.Kind.LONG_TERM)
    own_long_term = kept(world, "own", lambda: ids(long_term.filter(consumer=consumer)))
    others_long_term = kept(world, "others", lambda: ids(long_term.exclude(consumer=consumer)))
    others_steps = kept(
        world, "steps", lambda: ids(GoalStep.objects.exclude(goal__consumer=consumer))
    )
    fields = {
        "opened_at": stamp(editing=editing),
        "kind": choice(Goal.Kind.values, required=True),
        "parent": object_id(own_long_term, others_long_term),
        "description": text(required=True),
        "treatment_plan_link": text(300),
        "measure": text(),
        "set_on": date(required=True, past_only=True),
        "target_date": date(),
        "steps-TOTAL_FORMS": management_number(),
        "steps-INITIAL_FORMS": management_number(),
        "steps-0-description": text(300),
        "steps-0-done_on": date(past_only=True),
        "steps-1-description": text(300),
    }
    if steps:
        fields["steps-0-id"] = object_id([steps[0].pk], others_steps, required=True)
        fields["steps-0-DELETE"] = checkbox()
        other_goals = kept(world, "goals", lambda: ids(Goal.objects.exclude(pk=steps[0].goal_id)))
        fields["steps-0-goal"] = object_id([steps[0].goal_id], other_goals)
    return fields


def only_rows_sent(sent, rows=2):
    """Rows past the posted count are not read: what they hold cannot be refused."""
    total = sent.get("steps-TOTAL_FORMS")
    if total is None or total.bad:
        return sent
    for row in range(max(int(last(total)), 0), rows):
        for name in list(sent):
            if name.startswith(f"steps-{row}-"):
                sent[name] = Sent(sent[name].value, bad=False)
    return sent


def goal_data(steps=(), **fields):
    data = {
        "kind": "short_term",
        "description": "Take the bus to the library on my own",
        "measure": "I have gone twice and have a library card",
        "set_on": days_ago(2),
        "target_date": days_ago(-100),
        "steps-TOTAL_FORMS": str(len(steps) + 2),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for n, step in enumerate(steps):
        data[f"steps-{n}-id"] = str(step.pk)
        data[f"steps-{n}-description"] = step.description
    data[f"steps-{len(steps)}-description"] = "Find the bus times"
    return data | fields


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_a_new_goal_refuses_bad_input_and_writes_no_steps(world, client_for, data):
    chris = world.consumer("RB-1003")
    sent = only_rows_sent(data.draw(changes(goal_fields(world, chris))))
    post_and_check(
        client_for("priya.nair"),
        f"/consumers/{chris.pk}/goals/new/",
        goal_data(),
        sent,
        forms=goal_forms,
    )


def a_long_term_goal(world, consumer):
    return Goal.objects.create(
        consumer=consumer,
        kind=Goal.Kind.LONG_TERM,
        description="Ride the bus alone",
        created_by=world.user("priya.nair"),
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_editing_a_goal_refuses_bad_input_and_another_goals_steps(world, client_for, data):
    chris = world.consumer("RB-1003")
    goal = Goal.objects.get(pk=kept(world, "goal", lambda: a_long_term_goal(world, chris).pk))
    # An earlier example may have deleted the step.
    steps = list(goal.steps.all()) or [GoalStep.objects.create(goal=goal, description="Ask")]
    sent = only_rows_sent(data.draw(changes(goal_fields(world, chris, steps, editing=True))))
    if "steps-0-DELETE" in sent and ticked(sent["steps-0-DELETE"]):
        # A row ticked for deletion is deleted, whatever else was typed into it.
        for name in ("steps-0-description", "steps-0-done_on"):
            if name in sent:
                sent[name] = Sent(sent[name].value, bad=False)
    baseline = goal_data(
        steps,
        kind="long_term",
        target_date="",
        description=f"Ride the bus alone, try {next(NUMBERS)}",
        opened_at=goal.updated_at.isoformat(),
    )
    post_and_check(
        client_for("priya.nair"),
        f"/consumers/{chris.pk}/goals/{goal.pk}/",
        baseline,
        sent,
        forms=goal_forms,
        may_change_nothing=True,
        form_level=["opened_at"],
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_goal_review_refuses_bad_input(world, client_for, data):
    alex = world.consumer("RB-1001")
    goal = kept(world, "goal", lambda: alex.goals.filter(status__in=Goal.OPEN_STATUSES).first())
    fields = {
        "reviewed_on": date(required=True, past_only=True),
        "progress": text(required=True),
        "status": choice(Goal.Status.values, required=True),
    }
    sent = data.draw(changes(fields))
    baseline = {"reviewed_on": days_ago(1), "progress": "Went twice", "status": "active"}
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/goals/{goal.pk}/review/",
        baseline,
        sent,
        forms=part_forms,
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_plan_refuses_bad_input_and_supporters_without_consent(world, client_for, data):
    bea = world.consumer("RB-1002")
    agreed, _ = Supporter.objects.get_or_create(
        consumer=bea,
        name="Agreed",
        defaults={"relationship": "friend", "consent_given_on": bea.referred_on},
    )
    unasked, _ = Supporter.objects.get_or_create(
        consumer=bea, name="Not asked", defaults={"relationship": "friend"}
    )
    elsewhere, _ = Supporter.objects.get_or_create(
        consumer=world.consumer("RB-2002"),
        name="Another person's",
        defaults={"relationship": "friend", "consent_given_on": bea.referred_on},
    )
    fields = {
        "made_on": date(required=True, past_only=True),
        "triggers": text(2000),
        "warning_signs": text(2000),
        "steps": text(2000),
        "copy_holders": text(2000),
        "supporters": several([agreed.pk], [unasked.pk, elsewhere.pk, 10**20]),
    }
    sent = data.draw(changes(fields))
    baseline = {"made_on": days_ago(1), "triggers": "Not sleeping", "supporters": [agreed.pk]}
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{bea.pk}/plans/relapse_prevention/edit/",
        baseline,
        sent,
        forms=part_forms,
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_an_inventory_refuses_bad_input(world, client_for, data):
    bea = world.consumer("RB-1002")
    programs = [value for value, _ in inventory.QUESTIONS["recovery_programs"].choices]
    fields = {
        "meta-completed_on": date(required=True, past_only=True),
        "meta-session_number": number(0, 32767),
        "where_living": text(200),
        "lives_with_others": choice(["yes", "no"]),
        "typical_day": text(),
        "reads": choice(["yes", "no"]),
        "reads__detail": text(200),
        "recovery_programs": several(programs),
    }
    sent = data.draw(changes(fields))
    baseline = {"meta-completed_on": days_ago(1), "meta-session_number": "2", "reads": "yes"}
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{bea.pk}/inventory/new/",
        baseline,
        sent,
        forms=lambda r: [r.context["meta"], r.context["answers"]],
    )


def not_an_answer(allowed):
    """What the form cannot read as one of the allowed answers (it trims spaces)."""

    def refused(value):
        raw = value.strip()
        number_ = raw.isdecimal() and len(raw) < 10 and str(int(raw))
        return raw not in allowed and number_ not in allowed

    return st.one_of(
        st.sampled_from(["0", "6", "99", "-1", "²", "3.0", "n/a", "NA", "1 2", "9" * 5000]),
        some_text,
        with_nul,
    ).filter(lambda s: s.strip() and refused(s))


def scale_answer(number_):
    allowed = {"1", "2", "3", "4", "5"} | ({"na"} if number_ == 13 else set())
    return repeated(
        st.one_of(
            odd(st.sampled_from(sorted(allowed | {"", " 3 "}))),
            bad(not_an_answer(allowed)),
        )
    )


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_an_imr_scale_refuses_bad_input(world, client_for, data):
    bea = world.consumer("RB-1002")
    fields = {
        "version": choice(ImrScaleAdministration.Version.values, required=True),
        "timepoint": choice(ImrScaleAdministration.Timepoint.values, required=True),
        "answered_on": date(required=True, past_only=True),
        "rated_by": object_id(clinician_ids(world.northside), outsider_ids(world)),
        **{f"answer_{n}": scale_answer(n) for n in range(1, 16)},
    }
    sent = data.draw(changes(fields, max_size=5))
    baseline = {
        "version": "client",
        "timepoint": "follow_up",
        "answered_on": days_ago(1),
        "rated_by": world.user("practitioner").pk,
        **{f"answer_{n}": str(n % 5 + 1) for n in range(1, 16)},
    }
    post_and_check(client_for("practitioner"), f"/consumers/{bea.pk}/scales/new/", baseline, sent)


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_curriculum_progress_refuses_bad_input(world, client_for, data):
    bea = world.consumer("RB-1002")
    fields = {}
    for n in TOPIC_NUMBERS:
        fields |= {
            f"topic{n}-status": choice(TopicProgress.Status.values, required=True),
            f"topic{n}-started_on": date(past_only=True),
            f"topic{n}-completed_on": date(past_only=True),
        }
    sent = data.draw(changes(fields))
    rows = {row.topic: row for row in bea.topic_progress.all()}
    baseline = {}
    for n in TOPIC_NUMBERS:
        row = rows.get(n)
        baseline |= {
            f"topic{n}-status": row.status if row else "not_started",
            f"topic{n}-started_on": row.started_on.isoformat() if row and row.started_on else "",
            f"topic{n}-completed_on": row.completed_on.isoformat()
            if row and row.completed_on
            else "",
        }
    # Something to save every time: topic 10 begun on a day that moves back each example.
    baseline |= {"topic10-status": "in_progress", "topic10-started_on": days_ago(next(NUMBERS))}
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{bea.pk}/curriculum/",
        baseline,
        sent,
        forms=lambda r: r.context["forms"],
    )


@settings(FUZZ, max_examples=30)
@given(
    query=st.dictionaries(
        st.sampled_from(
            ["status", "program", "practitioner", "format", "attention", "sort", "page"]
        ),
        st.one_of(any_text, with_nul, st.integers().map(str)),
    ),
    search=st.one_of(any_text, with_nul, too_long(100)),
)
def test_the_caseload_takes_any_filter_and_search_without_error(world, client_for, query, search):
    client = client_for("practitioner")
    before = fingerprint()
    assert client.get("/consumers/", query).status_code == 200
    # The search is posted (names stay out of addresses) and kept for the next pages.
    assert client.post("/consumers/", {"search": search}).status_code == 302
    assert client.get("/consumers/", query).status_code == 200
    assert fingerprint() == before


@settings(FUZZ, max_examples=10, phases=[Phase.explicit, Phase.generate])
@given(opened_at=with_nul)
def test_a_stamp_with_nul_is_refused_with_a_message(world, client_for, opened_at):
    alex = world.consumer("RB-1001")
    sent = {"opened_at": Sent(opened_at, bad=True)}
    baseline = record_data(alex, phone="555-0000")
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/edit/",
        baseline,
        sent,
        form_level=["opened_at"],
    )


# Every page that changes a chart, with the person's id in the address.
WRITES_BY_ADDRESS = [
    ("/consumers/{pk}/edit/", {"preferred_name": "Changed"}),
    ("/consumers/{pk}/status/", {"status": "discharged", "discharge_reason": "moved"}),
    ("/consumers/{pk}/supporters/new/", {"name": "Maria", "relationship": "parent"}),
    ("/consumers/{pk}/goals/new/", {"kind": "long_term", "description": "Work"}),
    ("/consumers/{pk}/plans/relapse_prevention/edit/", {"triggers": "Not sleeping"}),
    ("/consumers/{pk}/inventory/new/", {"meta-completed_on": days_ago(1)}),
    ("/consumers/{pk}/scales/new/", {"version": "client", "answer_1": "3"}),
    ("/consumers/{pk}/curriculum/", {"topic1-status": "in_progress"}),
]


@settings(FUZZ, max_examples=40)
@given(data=st.data(), address=st.sampled_from(WRITES_BY_ADDRESS))
def test_a_chart_outside_the_users_programs_is_not_found_and_not_written(
    world, client_for, data, address
):
    elsewhere = kept(
        world,
        "elsewhere",
        lambda: sorted(
            Consumer.objects.exclude(program=world.northside).values_list("pk", flat=True)
        ),
    )
    pk = data.draw(
        st.one_of(st.sampled_from(elsewhere), st.integers(10**6, 2**62), st.integers(2**63, 10**30))
    )
    template, fields = address
    before, since = fingerprint(), last_event_id()
    response = client_for("practitioner").post(template.format(pk=pk), fields)
    assert response.status_code == 404
    assert fingerprint() == before and not writes_audited(since)
