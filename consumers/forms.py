from django import forms

from consumers.models import Consumer


class ConsumerForm(forms.ModelForm):
    class Meta:
        model = Consumer
        fields = ["program", "record_number", "preferred_name", "status"]
        labels = {"preferred_name": "Preferred name"}
        help_texts = {
            "record_number": "The agency's record number. It must be unique in the agency.",
            "preferred_name": "The name the person wants us to use.",
        }

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if programs.count() == 1:
            self.fields["program"].initial = programs.first()

    def clean_record_number(self):
        return self.cleaned_data["record_number"].strip()

    def clean(self):
        cleaned = super().clean()
        program, number = cleaned.get("program"), cleaned.get("record_number")
        # The form has no agency field, so the model's unique constraint would
        # only fail at save time; check it here to answer at the field.
        if program and number:
            taken = Consumer.objects.filter(agency_id=program.agency_id, record_number=number)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "record_number",
                    f"Another person in {program.agency} already has record number {number}.",
                )
        return cleaned
