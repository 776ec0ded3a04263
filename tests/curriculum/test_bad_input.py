"""The curriculum's forms, fed generated bad input through their pages.

The input comes from tests/strategies.py, and so do the checks: never a server error,
a refusal shows its errors and writes nothing, an acceptance writes and is audited.
"""

import itertools
from urllib.parse import quote

from django.utils import timezone
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from consumers.models import Agency, Program
from curriculum import content
from curriculum.models import HandoutGiven, HandoutVersion
from imr_site.models import AuditEvent
from tests.forms import entry_sheet
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
    not_numbers,
    object_id,
    odd,
    post_and_check,
    repeated,
    several,
    text,
    ticked,
    with_nul,
)
from tests.world import HARBOR_POINT, HARBOR_TEAM, RIVERBEND

NUMBERS = itertools.count(1)
TOPICS = [str(n) for n in content.NUMBERS]
NOT_TOPICS = ["11", "-1", "99", "1.0", "01 ", "orientation"]
PDF = AuditEvent.Action.PRINT


def is_pdf(response):
    return response.status_code == 200 and response["Content-Type"] == "application/pdf"


def block_fields():
    return {
        "blocks-TOTAL_FORMS": repeated(
            st.one_of(odd(st.integers(-2, 3).map(str)), bad(not_numbers), dropped(required=True))
        ),
        "blocks-INITIAL_FORMS": repeated(
            st.one_of(odd(st.integers(-2, 3).map(str)), bad(not_numbers), dropped(required=True))
        ),
        "blocks-0-kind": choice(["text", "summary", "questions", "exercise"], required=True),
        "blocks-0-audience": choice(["all", "individual", "group"], required=True),
        "blocks-0-heading": text(200, required=True),
        "blocks-0-body": text(),
        "blocks-0-points": text(),
        "blocks-0-DELETE": checkbox(),
    }


def only_the_block_read(sent):
    """A block past the posted count, or ticked for deletion, is not read: nothing in it is
    refused."""
    total = sent.get("blocks-TOTAL_FORMS")
    deleted = "blocks-0-DELETE" in sent and ticked(sent["blocks-0-DELETE"])
    if deleted or (total is not None and not total.bad and int(last(total)) < 1):
        for name in list(sent):
            if name.startswith("blocks-0-"):
                sent[name] = Sent(sent[name].value, bad=False)
    return sent


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_adapting_a_handout_refuses_bad_input(world, client_for, data):
    riverbend = Agency.objects.get(name=RIVERBEND)
    harbor = Agency.objects.get(name=HARBOR_POINT)
    fields = {
        "agency": object_id([riverbend.pk], [harbor.pk], required=True),
        "title": text(200, required=True),
        "summary": text(500, required=True),
        "note": text(300, required=True),
        **block_fields(),
    }
    sent = only_the_block_read(data.draw(changes(fields)))
    baseline = {
        "agency": riverbend.pk,
        "title": "Recovery strategies, our words",
        "summary": "What helps, in our words.",
        "note": f"Shorter sentences ({next(NUMBERS)})",
        "blocks-TOTAL_FORMS": "1",
        "blocks-INITIAL_FORMS": "1",
        "blocks-0-kind": "text",
        "blocks-0-audience": "all",
        "blocks-0-heading": "What is recovery?",
        "blocks-0-body": "Recovery is a journey.",
    }
    post_and_check(
        client_for("coordinator"),
        "/curriculum/handouts/1/adapt/",
        baseline,
        sent,
        forms=lambda r: [r.context["form"], r.context["blocks"]],
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_filling_a_worksheet_refuses_bad_input(world, client_for, data):
    alex = world.consumer("RB-1001")
    sheet = entry_sheet()
    fields = {"filled_on": date(required=True, past_only=True)}
    for key, _, kind in sheet.fields:
        fields[key] = {"date": date(), "short": text(300)}.get(kind, text())
    sent = data.draw(changes(fields))
    first = next(key for key, _, kind in sheet.fields if kind != "date")
    baseline = {"filled_on": days_ago(1), first: f"An answer ({next(NUMBERS)})"}
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/worksheets/{sheet.key}/new/",
        baseline,
        sent,
    )


def program_ids(world):
    harbor = Program.objects.get(name=HARBOR_TEAM)
    return [world.northside.pk], [world.eastgate.pk, harbor.pk]


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_print_job_refuses_bad_input_and_other_programs(world, client_for, data):
    own, others = program_ids(world)
    fields = {
        "program": object_id(own, others, required=True),
        "handouts": several(TOPICS, NOT_TOPICS),
        "include_started": checkbox(),
        "audience": choice(["individual", "group"], required=True),
        "large_print": checkbox(),
        "full_name": checkbox(),
    }
    sent = data.draw(changes(fields))
    baseline = {"program": world.northside.pk, "handouts": ["0"], "audience": "individual"}
    post_and_check(client_for("practitioner"), "/curriculum/print-jobs/new/", baseline, sent)


@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_a_binder_refuses_bad_input(world, client_for, data):
    alex = world.consumer("RB-1001")
    fields = {
        "handouts": several(TOPICS, NOT_TOPICS, required=True),
        "audience": choice(["individual", "group"], required=True),
        "large_print": checkbox(),
        "full_name": checkbox(),
    }
    sent = data.draw(changes(fields))
    # One short handout: every accepted example prints a whole binder.
    baseline = {"handouts": ["0"], "audience": "individual"}
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/binder/",
        baseline,
        sent,
        accepted=is_pdf,
        audit_actions=(PDF,),
        may_change_nothing=True,  # the same binder again that day records no handout twice
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_handouts_given_refuse_bad_input(world, client_for, data):
    alex = world.consumer("RB-1001")
    fields = {
        "handouts": several(TOPICS, NOT_TOPICS, required=True),
        "given_on": date(required=True, past_only=True),
    }
    sent = data.draw(changes(fields))
    baseline = {"handouts": ["2"], "given_on": days_ago(1)}
    # The same handouts again for the same day are accepted and recorded once.
    post_and_check(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/handouts/",
        baseline,
        sent,
        may_change_nothing=True,
    )


def other_agencys_versions(world):
    """An adaptation Harbor Point made: nobody at Riverbend may open it."""
    original = HandoutVersion.objects.current_for(None)[1]
    harbor = Agency.objects.get(name=HARBOR_POINT)
    theirs = original.handout.add_version(
        {"title": "Theirs", "summary": "Theirs", "blocks": original.blocks},
        agency=harbor,
        based_on=original,
        note="Harbor Point's words",
    )
    return [theirs.pk]


ADDRESSES = ["/curriculum/handouts/1/", "/curriculum/handouts/1/adapt/"]


@settings(FUZZ, max_examples=30)
@given(data=st.data(), address=st.sampled_from(ADDRESSES))
def test_a_version_asked_for_by_number_is_one_the_user_may_see(world, client_for, data, address):
    theirs = kept(world, "theirs", lambda: other_agencys_versions(world))
    version = data.draw(
        st.one_of(
            st.sampled_from(theirs), st.integers(10**6, 2**62), st.integers(2**63, 10**30)
        ).map(str)
    )
    before = fingerprint()
    response = client_for("coordinator").get(address, {"version": version})
    assert response.status_code == 404
    assert fingerprint() == before


# Addresses that take a record's id in the query string.
ASKED_BY_ID = [
    "/curriculum/handouts/1/?version=",
    "/curriculum/handouts/1/pdf/?version=",
    "/curriculum/handouts/1/adapt/?version=",
    "/consumers/{alex}/print/imr-scale-client/?scale=",
    "/consumers/{alex}/worksheets/working_on_goals/pdf/?entry=",
]


@settings(FUZZ, max_examples=10, phases=[Phase.explicit, Phase.generate])
@given(
    address=st.sampled_from(ASKED_BY_ID),
    value=st.one_of(any_text, with_nul).filter(lambda s: s.strip() and not s.strip().isdigit()),
)
def test_a_record_asked_for_by_any_text_is_not_found(world, client_for, address, value):
    alex = world.consumer("RB-1001")
    response = client_for("coordinator").get(address.format(alex=alex.pk) + quote(value))
    assert response.status_code == 404


@settings(FUZZ, max_examples=20)
@given(
    audience=st.one_of(st.sampled_from(["individual", "group"]), any_text, with_nul),
    large_print=st.sampled_from(["", "on"]),
)
def test_printing_one_handout_for_a_person_refuses_an_unknown_audience(
    world, client_for, audience, large_print
):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    before = fingerprint()
    response = client.post(
        f"/consumers/{alex.pk}/handouts/0/pdf/", {"audience": audience, "large_print": large_print}
    )
    if audience in ("individual", "group"):
        assert is_pdf(response)
        # Recorded as given today (once, however many examples print it again).
        assert HandoutGiven.objects.filter(
            consumer=alex, version__handout__topic=0, given_on=timezone.localdate()
        ).exists()
    else:
        assert response.status_code == 302
        assert fingerprint() == before
        page = client.get(response["Location"]).content.decode()
        assert "Choose how to print the handout." in page
