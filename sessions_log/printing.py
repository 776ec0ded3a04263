"""What a group's printouts hold: a packet per member, and the facilitator's kit for a meeting.

Groups belong here; the handouts, covers and the rest of a printed page about a person
come from curriculum/printing.py, which binders use too.
"""

from django.utils.translation import gettext as _

from curriculum import content, handouts, pdf, printing, topics
from sessions_log import structure


def group_packet_documents(group, packets, *, full_name=False, large_print=False):
    """One packet per member, from (member, their handouts) pairs: a cover with their name,
    then the group version of each handout, in the member's own language."""
    options = handouts.PrintOptions(audience=handouts.GROUP, large_print=large_print)
    laid_out = printing.LaidOutHandouts(group.program.agency.name)
    documents = []
    for person, versions in packets:
        shared = printing.for_consumer(person, full_name=full_name, options=options)
        documents.append(
            printing.cover_document(shared, versions, printing.PACKET_TITLE, group=group)
        )
        documents += laid_out(versions, options)
    return documents


def session_kit_documents(group, members, version, *, on, facilitators):
    """What a facilitator brings to one meeting: the sign-in sheet, the agenda, the handout."""
    options = handouts.PrintOptions(audience=handouts.GROUP)
    guide = content.guide(version.topic)
    # The kit is about the group, not one person: its footer names the group and the day.
    shared = {
        "agency_name": group.program.agency.name,
        "identity": f"{group.name} · {on:%Y-%m-%d}",
        "options": options,
        "group": group,
        "on": on,
        "facilitators": facilitators,
        "topic_label": topics.short_label(version.topic),
        "version": version,
    }
    return [
        pdf.render_document(
            "print/sign_in_sheet.html",
            shared
            | {
                "doc_title": _("Sign-in sheet"),
                "members": members,
                # Room for people who join that day or come as guests.
                "spare_rows": range(max(2, group.CAPACITY - len(members) + 2)),
            },
        ),
        pdf.render_document(
            "print/session_agenda.html",
            shared
            | {
                "doc_title": _("Agenda: %(title)s") % {"title": version.title},
                "steps": [(step.label, step.minutes(group=True)) for step in structure.STEPS],
                "guide": guide,
            },
        ),
        *printing.LaidOutHandouts(group.program.agency.name)([version], options),
    ]
