"""The checklists of the IMR Progress Note, as on the KIT's form (our wording).

Keys are stored with every note: never rename one.
"""

from django.utils.translation import gettext_lazy as _

MOTIVATIONAL = (
    ("connect_goals", _("Connected information and skills with the person's own goals")),
    ("hope", _("Promoted hope and positive expectations")),
    ("pros_cons", _("Explored the pros and cons of change")),
    ("reframe", _("Reframed experiences in a positive light")),
)

# Fidelity item 9's techniques (the scale's examples, our wording).
EDUCATIONAL_TECHNIQUES = (
    ("interactive", _("Interactive teaching: asked questions and talked it over together")),
    ("checked_understanding", _("Checked understanding: the person said it in their own words")),
    ("small_parts", _("Broke the information into small parts")),
    ("reviewed", _("Reviewed earlier material")),
)

COGNITIVE_BEHAVIORAL = (
    ("reinforcement", _("Reinforcement")),
    ("shaping", _("Shaping")),
    ("modeling", _("Modeling")),
    ("role_playing", _("Role playing")),
    ("cognitive_restructuring", _("Cognitive restructuring")),
    ("relaxation", _("Relaxation training")),
)

SKILLS = (
    ("coping", _("Coping skill for symptoms")),
    ("relapse_prevention", _("Relapse prevention skill")),
    ("behavioral_tailoring", _("Behavioral tailoring for medication")),
)
