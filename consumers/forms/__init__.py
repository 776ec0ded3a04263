from consumers.forms.chart import (
    GoalForm,
    GoalReviewForm,
    GoalStepFormSet,
    ImrScaleForm,
    InventoryMetaForm,
    PersonSignatureForm,
    PlanForm,
    SupporterContactForm,
    SupporterForm,
    TopicProgressForm,
)
from consumers.forms.records import (
    CaseloadFilterForm,
    CaseloadSearchForm,
    ConsumerForm,
    StatusChangeForm,
    clinicians_in,
)
from consumers.forms.roster import RosterConfirmForm, RosterUploadForm

__all__ = [
    "CaseloadFilterForm",
    "CaseloadSearchForm",
    "ConsumerForm",
    "GoalForm",
    "GoalReviewForm",
    "GoalStepFormSet",
    "ImrScaleForm",
    "InventoryMetaForm",
    "PersonSignatureForm",
    "PlanForm",
    "RosterConfirmForm",
    "RosterUploadForm",
    "StatusChangeForm",
    "SupporterContactForm",
    "SupporterForm",
    "TopicProgressForm",
    "clinicians_in",
]
