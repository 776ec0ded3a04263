"""The checklists of the IMR Progress Note, as on the KIT's form (our wording).

Keys are stored with every note: never rename one.
"""

MOTIVATIONAL = (
    ("connect_goals", "Connected information and skills with the person's own goals"),
    ("hope", "Promoted hope and positive expectations"),
    ("pros_cons", "Explored the pros and cons of change"),
    ("reframe", "Reframed experiences in a positive light"),
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
