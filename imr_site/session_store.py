"""Django's database sessions, with a database outage told apart from a lost session.

Django's backend reads any database error while saving a session as "the session was
deleted meanwhile" (a sign-out in another tab), which SessionMiddleware answers with a
bare 400. When PostgreSQL restarts under a request in flight, the error is the outage:
it must reach the 503 page (imr_site.views.server_error) like any other.
"""

import logging

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError

OUTAGE = (OperationalError, InterfaceError)

log = logging.getLogger(__name__)


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        try:
            super().save(must_create)
        except (*OUTAGE, UpdateError) as error:
            # Django raises UpdateError while handling the database's own error.
            outage = error if isinstance(error, OUTAGE) else error.__context__
            if not isinstance(outage, OUTAGE):
                raise
            if self.modified or must_create:
                # Something the request changed (a sign-in, a search) would be lost.
                raise outage from None
            # Nothing changed but the idle clock, which stays where the last request
            # left it: the person gets the page that was already built from the records.
            log.warning("A session's idle time was not renewed: the database was out of reach.")
