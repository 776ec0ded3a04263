"""Each page states what it needs once, on the view (`access.needs`); its lookups scope by it."""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import URLResolver, get_resolver

# Pages about the signed-in person's own account, or open to anyone: no capability.
ACCOUNT_PAGES = {
    "home",
    "alive",
    "login",
    "logout",
    "fresh_token",
    "account",
    "two_step_verify",
    "two_step_setup",
    "two_step_off",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "notice_list",
    "notice_open",
    "notices_all_read",
    "digest_preference",
    "language_choice",
    # A calendar program reads a staff member's feed without signing in: the secret in
    # the address is the key (sessions_log/calendar_feed.py).
    "calendar_feed",
    # A person answers the IMR Scale from home by a one-time link, signed out: the token
    # and then their date of birth are the key (consumers/answer_links.py).
    "answer_link",
    "answer_link_question",
    "answer_link_check",
    "answer_link_thanks",
}
VIEW_MODULES = [
    *Path(settings.BASE_DIR).glob("*/views/*.py"),
    Path(settings.BASE_DIR) / "imr_site" / "views.py",
    Path(settings.BASE_DIR) / "imr_site" / "views_notices.py",
    Path(settings.BASE_DIR) / "imr_site" / "views_hand_over.py",
]


def our_views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from our_views(entry)
        else:
            yield entry.name, entry.callback


def test_every_page_of_the_program_names_the_capabilities_it_needs():
    unstated = [
        name
        for name, view in our_views()
        if name not in ACCOUNT_PAGES and not getattr(view, "needs", None)
    ]
    assert unstated == []


def test_a_post_that_needs_more_says_so_on_the_view():
    views = dict(our_views())
    assert views["session_notes"].needs == ("view_records",)
    assert views["session_notes"].to_change == "edit_records"
    assert views["notes_review"].to_change == "cosign_notes"
    assert views["consumer_binder"].needs == ("edit_records", "print")


def calls_in(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node.func.attr


def test_no_view_restates_a_capability_to_scope_what_it_reads():
    # Scoping by a capability named again in the body is how a view came to state its
    # permission three times; `can` and `can_in` only choose what a page shows.
    restated = {
        f"{path.parent.name}/{path.name}: {call}"
        for path in VIEW_MODULES
        for call in calls_in(path)
        if call in {"programs_where", "in_scope"}
    }
    assert restated == set()
    assert VIEW_MODULES, "the view modules moved: update VIEW_MODULES"
