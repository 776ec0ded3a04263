"""A coordinator imports a roster: every row checked, a preview, then all or nothing."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consumers import roster
from consumers.models import Consumer, Membership, Role, StatusChange
from consumers.views.roster import SESSION_KEY
from imr_site.models import AuditEvent

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/consumers/import/"
HEADER = ["record_number", "preferred_name", "referred_on", "referral_source", "format"]


def person(number="IMP-1", name="Rae Lin", **cells):
    """One row of a roster, with the required cells filled and any others given."""
    return {
        "record_number": number,
        "preferred_name": name,
        "referred_on": "2026-01-05",
        "referral_source": "self",
        "format": "group",
    } | cells


def csv_file(rows, header=None, *, name="roster.csv", encoding="utf-8", delimiter=","):
    header = header or list(dict.fromkeys(h for row in rows for h in row)) or HEADER
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), "text/csv")


def xlsx_file(rows, header=None, *, name="roster.xlsx"):
    header = header or list(dict.fromkeys(h for row in rows for h in row)) or HEADER
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def upload(client, program, file):
    return client.post(URL, {"program": program.pk, "file": file})


def confirm(client, preview):
    return client.post(URL, {"digest": preview.context["confirm_form"].initial["digest"]})


def problems(response):
    """(row, column, message) for every problem the page lists."""
    return [(p.row, p.column, p.message) for p in response.context["problems"]]


def imported():
    return Consumer.objects.filter(record_number__startswith="IMP-")


def days_from_today(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# A good file ------------------------------------------------------------------------


def test_a_good_file_is_previewed_and_nothing_is_written_until_confirmed(world, client_for):
    client = client_for("coordinator")
    rows = [person("IMP-1", "Rae Lin"), person("IMP-2", "Sol Park"), person("IMP-3", "Tam Ode")]
    response = upload(client, world.northside, csv_file(rows))
    assert response.status_code == 200
    assert response.context["count"] == 3
    page = response.content.decode()
    assert "Import 3 people" in page and "Rae Lin" in page and "Northside IMR team" in page
    assert not imported().exists()


def test_confirming_imports_everyone_with_the_fields_of_their_row(world, client_for):
    client = client_for("coordinator")
    rows = [
        person(
            "IMP-1",
            "Rae Lin",
            legal_name="Raymonda Lin",
            pronouns="she/her",
            date_of_birth="1980-02-29",
            preferred_language="Spanish",
            phone="555-0101",
            may_leave_messages="yes",
            email="rae@example.org",
            address="1 Elm St, Apt 2",
            diagnosis="Bipolar disorder",
            referred_on="2026-03-04",
            referral_source="Provider outside this agency",
            new_to_agency="Y",
            several_hospitalizations="no",
            long_hospital_stay="TRUE",
            recent_release="",
            format="Individual and group",
            assigned_practitioner="priya.nair",
        ),
        person("IMP-2", "Sol Park", referral_source="TREATMENT_TEAM", format="individual"),
    ]
    preview = upload(client, world.northside, csv_file(rows))
    response = confirm(client, preview)
    assert response.status_code == 302
    assert response["Location"] == f"/consumers/?program={world.northside.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "2 people were added to Northside IMR team as referrals." in page
    rae = Consumer.objects.get(record_number="IMP-1")
    assert (rae.program, rae.agency, rae.preferred_name, rae.legal_name) == (
        world.northside,
        world.northside.agency,
        "Rae Lin",
        "Raymonda Lin",
    )
    assert (rae.pronouns, rae.date_of_birth, rae.preferred_language, rae.phone) == (
        "she/her",
        datetime.date(1980, 2, 29),
        "Spanish",
        "555-0101",
    )
    assert (rae.email, rae.address, rae.may_leave_messages) == (
        "rae@example.org",
        "1 Elm St, Apt 2",
        True,
    )
    assert (rae.diagnosis, rae.referral_source, rae.format) == (
        "bipolar",
        "external_provider",
        "combined",
    )
    assert (rae.new_to_agency, rae.several_hospitalizations, rae.long_hospital_stay) == (
        True,
        False,
        True,
    )
    assert rae.recent_release is False
    assert rae.assigned_practitioner == world.user("priya.nair")
    # The same beginning as a typed referral: referred on the file's date, with its history.
    assert (rae.status, rae.status_since, rae.referred_on) == (
        "referred",
        datetime.date(2026, 3, 4),
        datetime.date(2026, 3, 4),
    )
    change = StatusChange.objects.get(consumer=rae)
    assert (change.to_status, change.changed_on, change.changed_by) == (
        "referred",
        datetime.date(2026, 3, 4),
        world.user("coordinator"),
    )
    sol = Consumer.objects.get(record_number="IMP-2")
    assert (sol.diagnosis, sol.referral_source, sol.format, sol.assigned_practitioner) == (
        "not_stated",
        "treatment_team",
        "individual",
        None,
    )


def test_an_xlsx_workbook_imports_the_same_way_with_real_date_and_number_cells(world, client_for):
    client = client_for("coordinator")
    rows = [
        person(7001, "Rae Lin", referred_on=datetime.date(2026, 3, 4), format="Group"),
        person("IMP-2", "Sol Park", date_of_birth=datetime.datetime(1990, 5, 6)),
    ]
    preview = upload(client, world.northside, xlsx_file(rows))
    assert preview.context["count"] == 2
    assert confirm(client, preview).status_code == 302
    rae = Consumer.objects.get(record_number="7001")
    assert (rae.referred_on, rae.format) == (datetime.date(2026, 3, 4), "group")
    assert Consumer.objects.get(record_number="IMP-2").date_of_birth == datetime.date(1990, 5, 6)


def test_headings_may_be_in_any_order_and_written_as_words(world, client_for):
    client = client_for("coordinator")
    header = ["Format", "Referred on", "Preferred Name", "Record number", "Referred by"]
    row = {
        "Format": "group",
        "Referred on": "2026-02-01",
        "Preferred Name": "Rae Lin",
        "Record number": "IMP-1",
        "Referred by": "Self-referral",
    }
    preview = upload(client, world.northside, csv_file([row], header))
    confirm(client, preview)
    assert Consumer.objects.get(record_number="IMP-1").referral_source == "self"


def test_a_semicolon_separated_file_with_a_byte_order_mark_is_read(world, client_for):
    client = client_for("coordinator")
    file = csv_file([person()], encoding="utf-8-sig", delimiter=";")
    assert upload(client, world.northside, file).context["count"] == 1


def test_empty_rows_are_skipped_and_rows_keep_their_numbers_in_the_file(world, client_for):
    content = "record_number,preferred_name,referred_on,referral_source,format\r\n,,,,\r\n"
    content += "IMP-1,Rae Lin,2026-01-05,self,alone\r\n"
    file = SimpleUploadedFile("roster.csv", content.encode())
    response = upload(client_for("coordinator"), world.northside, file)
    assert problems(response) == [
        (3, "format", "“alone” is not one of: Individual, Group, Individual and group.")
    ]


# A bad row: nobody is imported ------------------------------------------------------


def test_one_bad_row_imports_nobody_and_names_its_row_column_and_reason(world, client_for):
    client = client_for("coordinator")
    rows = [person("IMP-1"), person("IMP-2", referred_on=days_from_today(3)), person("IMP-3")]
    response = upload(client, world.northside, csv_file(rows))
    assert response.status_code == 200
    assert problems(response) == [(3, "referred_on", "The date cannot be in the future.")]
    page = response.content.decode()
    assert "Nothing was imported" in page and "The date cannot be in the future." in page
    assert 'href="#roster-problems"' in page and "confirm_form" not in response.context
    assert not imported().exists()
    assert SESSION_KEY not in client.session


def test_every_problem_of_every_row_is_listed(world, client_for):
    rows = [
        person("IMP-1", "", date_of_birth="1850-01-01"),
        person("IMP-2", referral_source="walk-in", email="not an email"),
        person("IMP-3", may_leave_messages="maybe"),
    ]
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    assert problems(response) == [
        (2, "preferred_name", "Required, but the cell is empty."),
        (2, "date_of_birth", "Check the year: the date is before 1900."),
        (3, "email", "Enter a valid email address."),
        (
            3,
            "referral_source",
            "“walk-in” is not one of: Treatment team meeting, Provider in this agency, "
            "Provider outside this agency, Community presentation, Self-referral.",
        ),
        (4, "may_leave_messages", "Write yes or no, not “maybe”."),
    ]
    assert not imported().exists()


def test_dates_are_written_year_month_day_only(world, client_for):
    rows = [person("IMP-1", referred_on="03/04/2026"), person("IMP-2", date_of_birth="1990-02-30")]
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    assert problems(response) == [
        (
            2,
            "referred_on",
            "“03/04/2026” is not a date written YYYY-MM-DD (for example 2026-03-04): "
            "a date such as 03/04/2026 means different days in different countries.",
        ),
        (3, "date_of_birth", "There is no date 1990-02-30."),
    ]


def test_a_date_of_birth_in_the_future_is_refused(world, client_for):
    rows = [person("IMP-1", date_of_birth=days_from_today(2))]
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    assert problems(response) == [(2, "date_of_birth", "The date cannot be in the future.")]


def test_a_record_number_twice_in_the_file_is_refused_on_every_row_it_is_on(world, client_for):
    rows = [person("IMP-1"), person("IMP-2"), person(" IMP-1 "), person("IMP-1")]
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    assert problems(response) == [
        (2, "record_number", "Record number IMP-1 is also on rows 4, 5."),
        (4, "record_number", "Record number IMP-1 is also on rows 2, 5."),
        (5, "record_number", "Record number IMP-1 is also on rows 2, 4."),
    ]
    assert not imported().exists()


def test_a_record_number_already_in_the_agency_is_refused(world, client_for):
    rows = [person("IMP-1"), person("RB-2001")]  # an Eastgate person: same agency
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    assert problems(response) == [
        (
            3,
            "record_number",
            "Another person in Riverbend Community Mental Health already has record number "
            "RB-2001.",
        )
    ]
    assert not imported().exists()


def test_another_agencys_record_number_may_be_used(world, client_for):
    client = client_for("coordinator")
    preview = upload(client, world.northside, csv_file([person("HP-0101")]))
    assert confirm(client, preview).status_code == 302
    assert Consumer.objects.filter(record_number="HP-0101").count() == 2


def test_the_practitioner_must_be_a_clinician_of_that_program(world, client_for):
    rows = [
        person("IMP-1", assigned_practitioner="jo.martin"),  # Eastgate's practitioner
        person("IMP-2", assigned_practitioner="reviewer"),  # reads charts, carries none
        person("IMP-3", assigned_practitioner="tom.reed"),  # another agency
        person("IMP-4", assigned_practitioner="nobody.here"),
        person("IMP-5", assigned_practitioner="Leader"),  # usernames in any case
    ]
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    refused = "is not the username of a practitioner or IMR leader in Northside IMR team."
    assert problems(response) == [
        (2, "assigned_practitioner", f"“jo.martin” {refused}"),
        (3, "assigned_practitioner", f"“reviewer” {refused}"),
        (4, "assigned_practitioner", f"“tom.reed” {refused}"),
        (5, "assigned_practitioner", f"“nobody.here” {refused}"),
    ]


def test_values_past_the_last_heading_are_refused_with_a_hint_about_quotes(world, client_for):
    content = "record_number,preferred_name,referred_on,referral_source,format\r\n"
    content += "IMP-1,Rae Lin,2026-01-05,self,group,1 Elm St\r\n"
    file = SimpleUploadedFile("roster.csv", content.encode())
    response = upload(client_for("coordinator"), world.northside, file)
    assert problems(response) == [
        (
            2,
            "",
            "The row has values past the last heading (column F on). "
            "A value with a comma in it needs quotes around it.",
        )
    ]


def test_a_record_number_taken_between_preview_and_confirm_stops_the_whole_import(
    world, client_for
):
    client = client_for("coordinator")
    preview = upload(client, world.northside, csv_file([person("IMP-1"), person("IMP-2")]))
    Consumer(
        program=world.eastgate,
        record_number="IMP-2",
        preferred_name="Someone Else",
        referral_source="self",
    ).admit(by=world.user("lena.hart"))
    response = confirm(client, preview)
    assert response.status_code == 200
    assert [(row, column) for row, column, _ in problems(response)] == [(3, "record_number")]
    assert "Things changed since the preview" in response.content.decode()
    assert list(imported().values_list("record_number", flat=True)) == ["IMP-2"]


# The file as a whole ----------------------------------------------------------------


def file_problem(response):
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert not imported().exists()
    return response.context["form"].errors["file"]


def test_unknown_columns_are_ignored_and_named(world, client_for):
    client = client_for("coordinator")
    rows = [person(notes="likes mornings", **{"Case manager": "Ann"})]
    preview = upload(client, world.northside, csv_file(rows))
    notice = "These columns were not imported: “notes”, “Case manager”."
    assert preview.context["roster"].notices == [notice]
    assert notice in preview.content.decode()
    confirm(client, preview)
    assert imported().count() == 1


def test_a_column_given_twice_is_refused(world, client_for):
    header = [*HEADER, "Record Number"]
    response = upload(client_for("coordinator"), world.northside, csv_file([person()], header))
    assert file_problem(response) == [
        "Columns A (“record_number”) and F (“Record Number”) are both the record_number "
        "column. Keep one of them."
    ]


def test_a_missing_required_column_is_named(world, client_for):
    response = upload(client_for("coordinator"), world.northside, csv_file([person()], HEADER[:3]))
    assert file_problem(response) == [
        "The header row (the first row) needs these columns: referral_source, format. "
        "Download the template to see every heading."
    ]


def test_an_empty_file_and_a_header_alone_are_explained(world, client_for):
    client = client_for("coordinator")
    empty = SimpleUploadedFile("roster.csv", b"")
    assert file_problem(upload(client, world.northside, empty)) == ["The file is empty."]
    blank = SimpleUploadedFile("roster.csv", b"\r\n , ,\r\n")
    assert file_problem(upload(client, world.northside, blank)) == ["The file is empty."]
    header_only = csv_file([], HEADER)
    assert file_problem(upload(client, world.northside, header_only)) == [
        "The file has a header row but nobody under it."
    ]


def test_a_file_that_is_not_a_csv_or_xlsx_is_refused(world, client_for):
    client = client_for("coordinator")
    pdf = SimpleUploadedFile("roster.pdf", b"%PDF-1.7 ...")
    assert file_problem(upload(client, world.northside, pdf)) == ["Upload a .csv or an .xlsx file."]
    xls = SimpleUploadedFile("roster.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert (
        "Old Excel workbooks (.xls) cannot be read"
        in file_problem(upload(client, world.northside, xls))[0]
    )
    fake = SimpleUploadedFile("roster.xlsx", b"record_number,preferred_name\r\n")
    assert file_problem(upload(client, world.northside, fake)) == [
        "The file is not a valid .xlsx workbook. Open it in Excel and save it again."
    ]
    broken = SimpleUploadedFile("roster.xlsx", xlsx_file([person()]).read()[:-200])
    assert "not a valid .xlsx workbook" in file_problem(upload(client, world.northside, broken))[0]


def test_a_csv_that_is_not_utf8_says_so_and_how_to_save_it(world, client_for):
    file = csv_file([person(name="Zoë Müller")], encoding="latin-1")
    response = upload(client_for("coordinator"), world.northside, file)
    assert file_problem(response) == [
        "The file is not saved as UTF-8 text (the first character that cannot be read is on "
        "line 2). In Excel, choose Save As and “CSV UTF-8 (Comma delimited)”, or upload the "
        ".xlsx workbook instead."
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(world, client_for):
    big = SimpleUploadedFile("roster.csv", b"x" * (roster.MAX_BYTES + 1))
    assert file_problem(upload(client_for("coordinator"), world.northside, big)) == [
        "The file is 1.0 MB; the limit is 1 MB. Split the roster into smaller files."
    ]


def test_a_file_over_the_row_limit_is_refused_before_any_row_is_checked(world, client_for):
    rows = [person(f"IMP-{n}") for n in range(roster.MAX_ROWS + 1)]
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    assert file_problem(response) == [
        f"The file has {roster.MAX_ROWS + 1} people; the most one import takes is "
        f"{roster.MAX_ROWS}. Split it into smaller files."
    ]


def test_a_file_at_the_row_limit_is_checked_and_previewed(world, client_for):
    rows = [person(f"IMP-{n}") for n in range(roster.MAX_ROWS)]
    response = upload(client_for("coordinator"), world.northside, csv_file(rows))
    assert response.context["count"] == roster.MAX_ROWS
    assert len(response.context["preview"]) == 10


def test_formulas_are_kept_as_text_never_run(world, client_for):
    client = client_for("coordinator")
    formula = '=HYPERLINK("http://example.invalid","x")'
    preview = upload(client, world.northside, csv_file([person("IMP-1", formula)]))
    confirm(client, preview)
    assert Consumer.objects.get(record_number="IMP-1").preferred_name == formula

    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["IMP-2", "=A1&B1", "2026-01-05", "self", "group"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(client, world.northside, SimpleUploadedFile("r.xlsx", buffer.getvalue()))
    assert preview.context["roster"].notices == [
        "Cells B2 hold spreadsheet formulas: their text is imported as written, not their result."
    ]
    confirm(client, preview)
    assert Consumer.objects.get(record_number="IMP-2").preferred_name == "=A1&B1"


def test_only_the_first_sheet_of_a_workbook_is_read_and_the_page_says_so(world, client_for):
    book = openpyxl.Workbook()
    book.active.title = "Roster"
    book.active.append(HEADER)
    book.active.append(["IMP-1", "Rae Lin", "2026-01-05", "self", "group"])
    book.create_sheet("Notes").append(["anything"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(
        client_for("coordinator"), world.northside, SimpleUploadedFile("r.xlsx", buffer.getvalue())
    )
    assert response.context["roster"].notices == ["Only the first sheet, “Roster”, was read."]


# The two steps ----------------------------------------------------------------------


def test_cancelling_the_preview_imports_nobody_and_forgets_the_rows(world, client_for):
    client = client_for("coordinator")
    preview = upload(client, world.northside, csv_file([person()]))
    assert SESSION_KEY in client.session
    digest = preview.context["confirm_form"].initial["digest"]
    response = client.post(URL, {"digest": digest, "cancel": "1"}, follow=True)
    assert "Nothing was imported." in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not imported().exists()


def test_confirming_twice_imports_once(world, client_for):
    client = client_for("coordinator")
    preview = upload(client, world.northside, csv_file([person()]))
    confirm(client, preview)
    response = confirm(client, preview)
    assert response.status_code == 302 and response["Location"] == URL
    assert imported().count() == 1


def test_a_newer_upload_replaces_the_preview_an_older_tab_confirms(world, client_for):
    client = client_for("coordinator")
    first = upload(client, world.northside, csv_file([person("IMP-1")]))
    upload(client, world.northside, csv_file([person("IMP-2")]))
    response = confirm(client, first)
    assert response["Location"] == URL
    assert not imported().exists()


def test_nothing_personal_goes_in_an_address(world, client_for):
    client = client_for("coordinator")
    preview = upload(client, world.northside, csv_file([person("IMP-1", "Rae Lin")]))
    response = confirm(client, preview)
    assert "Rae" not in response["Location"] and "IMP" not in response["Location"]
    assert SESSION_KEY not in client.session


# Who may import ---------------------------------------------------------------------


def test_only_coordinators_and_site_admins_may_import(world, client_for):
    for username in ("practitioner", "leader", "reviewer", "authority"):
        client = client_for(username)
        assert client.get(URL).status_code == 403
        assert upload(client, world.northside, csv_file([person()])).status_code == 403
        assert client.get("/consumers/import/template.csv").status_code == 403
    assert not imported().exists()


def test_a_site_admin_may_import_into_any_agencys_program(world, client_for):
    client = client_for("admin")
    harbor = world.programs["Harbor Point IMR team"]
    preview = upload(client, harbor, csv_file([person(assigned_practitioner="tom.reed")]))
    confirm(client, preview)
    assert Consumer.objects.get(record_number="IMP-1").program == harbor


def test_another_agencys_coordinator_cannot_import_into_this_agency(world, client_for):
    harbor_coordinator = world.user("tom.reed")
    Membership.grant(
        harbor_coordinator, Role.COORDINATOR, agency=world.programs["Harbor Point IMR team"].agency
    )
    client = client_for("tom.reed")
    choices = [p.name for p in client.get(URL).context["form"].fields["program"].queryset]
    assert choices == ["Harbor Point IMR team"]
    assert upload(client, world.northside, csv_file([person()])).status_code == 404
    assert not imported().exists()


def test_the_home_page_of_a_coordinator_links_to_the_import(world, client_for):
    assert 'href="/consumers/import/"' in client_for("coordinator").get("/").content.decode()


# The template and the audit trail ---------------------------------------------------


def test_the_template_is_a_csv_with_the_header_row_alone(world, client_for):
    response = client_for("coordinator").get("/consumers/import/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roster-template.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [[column.name for column in roster.COLUMNS]]


def test_the_template_filled_in_imports(world, client_for):
    client = client_for("coordinator")
    header = client.get("/consumers/import/template.csv").content.decode().strip().split(",")
    filled = person(assigned_practitioner="practitioner", diagnosis="depression")
    preview = upload(client, world.northside, csv_file([filled], header))
    confirm(client, preview)
    assert imported().get().assigned_practitioner == world.user("practitioner")


def test_each_imported_person_has_one_create_event_with_field_names_only(world, client_for):
    client = client_for("coordinator")
    rows = [person("IMP-1", "Rae Lin", phone="555-0101"), person("IMP-2", "Sol Park")]
    confirm(client, upload(client, world.northside, csv_file(rows)))
    events = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).order_by("id")
    assert [(e.consumer.record_number, e.actor.username, e.program) for e in events] == [
        ("IMP-1", "coordinator", world.northside),
        ("IMP-2", "coordinator", world.northside),
    ]
    assert "phone" in events[0].fields and "preferred_name" in events[0].fields
    assert "Rae" not in str([e.__dict__ for e in events])


def test_a_refused_file_writes_nothing_to_the_audit_trail(world, client_for):
    client = client_for("coordinator")
    before = AuditEvent.objects.count()
    upload(client, world.northside, csv_file([person(referral_source="walk-in")]))
    assert AuditEvent.objects.count() == before
