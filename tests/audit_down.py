"""The audit trail refusing to write a change (a full disk, a lost connection), for the
tests that prove a change is saved with its audit event or not at all."""

import pytest

from imr_site import audit


class AuditDown(Exception):
    pass


@pytest.fixture
def audit_fails(monkeypatch):
    """The audit event of a change cannot be written (a full disk, a lost connection).

    Opening the record (its own audit event) still works, so the change is attempted.
    """
    record, record_for_each = audit.record, audit.record_for_each

    def refuse_changes(user, action, *args, **kwargs):
        if action in CHANGES:
            raise AuditDown
        return record(user, action, *args, **kwargs)

    def refuse_changes_to_each(user, action, *args, **kwargs):
        if action in CHANGES:
            raise AuditDown
        return record_for_each(user, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", refuse_changes)
    monkeypatch.setattr(audit, "record_for_each", refuse_changes_to_each)


# What a change is audited as; a print job is a change too (it is saved and sent).
CHANGES = (audit.Action.CREATE, audit.Action.CHANGE, audit.Action.DELETE, audit.Action.PRINT)
