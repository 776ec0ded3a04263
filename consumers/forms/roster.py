"""The two steps of a roster import: upload a file for a program, then confirm its preview."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# The module, not its names: consumers.roster imports the forms package in turn.
from consumers import roster

EXTENSIONS = (".csv", ".xlsx")


class RosterUploadForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=None,
        label=_("Program"),
        empty_label=_("Choose the program"),
        help_text=_("Everyone in the file joins this program as a referral."),
    )
    file = forms.FileField(
        label=_("Roster file"),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("Choose the file to upload."),
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
        self.fields["file"].help_text = _(
            "A .csv (UTF-8) or .xlsx file of at most %(megabytes)d MB and %(rows)d people, "
            "whose first row holds the template's headings."
        ) % {"megabytes": roster.MAX_BYTES // 1024 // 1024, "rows": roster.MAX_ROWS}
        self.roster = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if name.lower().endswith(".xls"):
            raise ValidationError(
                _(
                    "Old Excel workbooks (.xls) cannot be read. In Excel, choose Save As and "
                    "“Excel Workbook (.xlsx)” or “CSV UTF-8”."
                )
            )
        if not name.lower().endswith(EXTENSIONS):
            raise ValidationError(_("Upload a .csv or an .xlsx file."))
        if upload.size > roster.MAX_BYTES:
            raise ValidationError(
                _(
                    "The file is %(size)s MB; the limit is %(limit)d MB. "
                    "Split the roster into smaller files."
                )
                % {
                    # In the page's language: 1.5 in English, 1,5 in Spanish.
                    "size": formats.number_format(round(upload.size / 1024 / 1024, 1), 1),
                    "limit": roster.MAX_BYTES // 1024 // 1024,
                }
            )
        try:
            self.roster = roster.read(upload.read(), name)
        except roster.FileProblem as problem:
            raise ValidationError(str(problem)) from None
        return upload


class RosterConfirmForm(forms.Form):
    # Which preview the user saw: a newer upload in another tab replaces the stored rows.
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
