"""Filters for the site's log records."""

import logging


class OneLineWarning(logging.Filter):
    """A warning in one line, without the traceback.

    For refusals that are routine on a public address (a scanner asking for a host
    the site does not serve): the message says all there is, and thousands of
    tracebacks would bury what matters.
    """

    def filter(self, record):
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
