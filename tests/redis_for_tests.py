"""The Redis database the tests' Celery workers use, one per pytest-xdist worker."""

import os

# A database of its own on the Redis that runs beside PostgreSQL (.ci/run starts it):
# 15 for a plain run, and one each for pytest-xdist's workers (gw0 15, gw1 14...), so one
# worker's purge never takes another's jobs. (Redis has 16: a 17th worker shares with gw0.)
REDIS_FOR_TESTS = "redis://127.0.0.1:6379/{}".format(
    15 - int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")) % 16
)


def forget_connections(app):
    # Eager tasks earlier in the process opened a producer pool for the broker URL of
    # that moment; Celery keeps it, so a changed broker_url would otherwise be ignored.
    app._pool = None
    app.amqp._producer_pool = None
