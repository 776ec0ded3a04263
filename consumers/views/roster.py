"""Import a roster: upload, check every row, preview, confirm. The template download."""

import hashlib
import hmac
import json
import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consumers import access, roster
from consumers.forms import RosterConfirmForm, RosterUploadForm

# The checked rows wait in the server-side session between the preview and the
# confirmation: never in the address, never in a log, gone after the import, a
# cancel, a new upload, sign-out or the session's idle time-out.
SESSION_KEY = "roster_import"
PREVIEW_ROWS = 10
PROBLEMS_SHOWN = 200
PROGRAM_ID = re.compile(r"\d{1,18}")


def digest_of(stored):
    return hashlib.sha256(json.dumps(stored, sort_keys=True).encode()).hexdigest()


def importable_programs(request):
    return access.programs_for(request).filter(is_active=True).select_related("agency")


def page(request, form, **context):
    problems = context.get("problems", [])
    return render(
        request,
        "consumers/roster_import.html",
        {
            "form": form,
            "columns": roster.COLUMNS,
            "max_rows": roster.MAX_ROWS,
            "problems_shown": problems[:PROBLEMS_SHOWN],
            "problems_hidden": max(len(problems) - PROBLEMS_SHOWN, 0),
            "problem_rows": len({p.row for p in problems if p.row}),
        }
        | context,
    )


@access.needs(access.IMPORT_RECORDS)
def roster_import(request):
    if request.method == "POST" and "digest" in request.POST:
        return confirm(request)
    programs = importable_programs(request)
    posted = request.POST.get("program", "")
    if request.method == "POST" and PROGRAM_ID.fullmatch(posted):
        # A program outside the user's agency is answered as if it did not exist.
        access.program_for(request, posted)
    form = RosterUploadForm(request.POST or None, request.FILES or None, programs=programs)
    if request.method != "POST":
        return page(request, form)
    request.session.pop(SESSION_KEY, None)  # a new upload replaces any earlier preview
    if not form.is_valid():
        return page(request, form)
    program = form.cleaned_data["program"]
    outcome = roster.check(program, form.roster)
    if outcome.problems:
        return page(request, form, problems=outcome.problems, roster=form.roster)
    stored = {"program": program.pk, "roster": form.roster.as_data()}
    digest = digest_of(stored)
    request.session[SESSION_KEY] = stored | {"digest": digest}
    return page(
        request,
        form,
        program=program,
        roster=form.roster,
        preview=[
            (row.number, row_form.instance)
            for row, row_form in zip(form.roster.rows[:PREVIEW_ROWS], outcome.forms, strict=False)
        ],
        count=len(outcome.forms),
        confirm_form=RosterConfirmForm(initial={"digest": digest}),
    )


def confirm(request):
    """The second step: import the rows kept since the preview, or drop them."""
    stored = request.session.pop(SESSION_KEY, None)
    if "cancel" in request.POST:
        messages.info(request, _("Nothing was imported."))
        return redirect("roster_import")
    form = RosterConfirmForm(request.POST)
    if (
        stored is None
        or not form.is_valid()
        or not hmac.compare_digest(form.cleaned_data["digest"], stored["digest"])
    ):
        messages.error(
            request,
            _(
                "That preview is no longer available (it timed out, was imported already, or "
                "another upload replaced it). Nothing was imported: upload the file again."
            ),
        )
        return redirect("roster_import")
    program = access.program_for(request, stored["program"])
    rows = roster.Roster.from_data(stored["roster"])
    outcome = roster.import_roster(program, rows, by=request.user, request=request)
    if outcome.problems:
        form = RosterUploadForm(initial={"program": program}, programs=importable_programs(request))
        return page(request, form, problems=outcome.problems, roster=rows, changed=True)
    count = len(outcome.consumers)
    messages.success(
        request,
        ngettext(
            "%(count)d person was added to %(program)s as a referral.",
            "%(count)d people were added to %(program)s as referrals.",
            count,
        )
        % {"count": count, "program": program.name},
    )
    return redirect(f"{reverse('caseload')}?program={program.pk}")


@access.needs(access.IMPORT_RECORDS)
def roster_template(request):
    """The header row a roster file starts with (no example row: it would be imported)."""
    response = HttpResponse(roster.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "roster-template.csv")
    return response
