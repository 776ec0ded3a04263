"""The two steps of a roster import: upload a file for a program, then confirm its preview."""

from django import forms
from django.core.exceptions import ValidationError

# The module, not its names: consumers.roster imports the forms package in turn.
from consumers import roster

EXTENSIONS = (".csv", ".xlsx")


class RosterUploadForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=None,
        label="Program",
        empty_label="Choose the program",
        help_text="Everyone in the file joins this program as a referral.",
    )
    file = forms.FileField(
        label="Roster file",
        error_messages={
            "required": "Choose the file to upload.",
            "empty": "The file is empty.",
            "invalid": "Choose the file to upload.",
        },
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["program"].label_from_instance = lambda p: f"{p.name} ({p.agency.name})"
        if len(programs) == 1:
            self.fields["program"].initial = programs[0]
        self.fields["file"].widget.attrs["accept"] = ",".join(EXTENSIONS)
        # Set here, not in the class: the limits live in consumers.roster, which may be
        # importing this package at the moment this module is defined.
        self.fields["file"].help_text = (
            f"A .csv (UTF-8) or .xlsx file of at most {roster.MAX_BYTES // 1024 // 1024} MB "
            f"and {roster.MAX_ROWS} people, whose first row holds the template's headings."
        )
        self.roster = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if name.lower().endswith(".xls"):
            raise ValidationError(
                "Old Excel workbooks (.xls) cannot be read. In Excel, choose Save As and "
                "“Excel Workbook (.xlsx)” or “CSV UTF-8”."
            )
        if not name.lower().endswith(EXTENSIONS):
            raise ValidationError("Upload a .csv or an .xlsx file.")
        if upload.size > roster.MAX_BYTES:
            raise ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{roster.MAX_BYTES // 1024 // 1024} MB. Split the roster into smaller files."
            )
        try:
            self.roster = roster.read(upload.read(), name)
        except roster.FileProblem as problem:
            raise ValidationError(str(problem)) from None
        return upload


class RosterConfirmForm(forms.Form):
    # Which preview the user saw: a newer upload in another tab replaces the stored rows.
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
