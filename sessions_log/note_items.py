"""The checklists of the IMR Progress Note, as on the KIT's form (our wording).

Keys are stored with every note: never rename one.
"""

MOTIVATIONAL = (
    ("connect_goals", "Connected information and skills with the person's own goals"),
    ("hope", "Promoted hope and positive expectations"),
    ("pros_cons", "Explored the pros and cons of change"),
    ("reframe", "Reframed experiences in a positive light"),
)

# Fidelity item 9's techniques (the scale's examples, our wording).
EDUCATIONAL_TECHNIQUES = (
    ("interactive", "Interactive teaching: asked questions and talked it over together"),
    ("checked_understanding", "Checked understanding: the person said it in their own words"),
    ("small_parts", "Broke the information into small parts"),
    ("reviewed", "Reviewed earlier material"),
)

COGNITIVE_BEHAVIORAL = (
    ("reinforcement", "Reinforcement"),
    ("shaping", "Shaping"),
    ("modeling", "Modeling"),
    ("role_playing", "Role playing"),
    ("cognitive_restructuring", "Cognitive restructuring"),
    ("relaxation", "Relaxation training"),
)

SKILLS = (
    ("coping", "Coping skill for symptoms"),
    ("relapse_prevention", "Relapse prevention skill"),
    ("behavioral_tailoring", "Behavioral tailoring for medication"),
)
