"""The guard of every demo command (demo users with a published password, demo codes).

A demo command runs only when both hold:
- the demo settings are active (DEMO_MODE, set by config.settings.dev and .test only), and
- the database is the demo SQLite file (settings.DEMO_DATABASE_NAME), or, under the test
  settings, the throw-away database the test runner created.
So `manage.py load_demo_data` in a production shell, or with dev settings pointed at a
real PostgreSQL database, refuses instead of creating an administrator everyone knows.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX


def refuse_unless_demo(alias: str = "default") -> None:
    if not getattr(settings, "DEMO_MODE", False):
        raise CommandError(
            "Refused: demo commands run only with the demo settings "
            "(DJANGO_SETTINGS_MODULE=config.settings.dev)."
        )
    connection = connections[alias]
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and _same_file(name, settings.DEMO_DATABASE_NAME):
        return
    if settings.DEMO_ON_TEST_DATABASE and _is_test_database(connection, name):
        return
    raise CommandError(
        "Refused: demo data goes only into the demo SQLite database "
        f"({settings.DEMO_DATABASE_NAME}), not into this {connection.vendor} database. "
        "Unset DATABASE_URL to use it."
    )


def _is_test_database(connection, name: str) -> bool:
    """The database the test runner made: in memory (SQLite) or named test_… ."""
    if connection.vendor == "sqlite":
        return connection.is_in_memory_db()
    return name.startswith(TEST_DATABASE_PREFIX)


def _same_file(name: str, demo_name) -> bool:
    if not demo_name:
        return False
    try:
        return Path(name).resolve() == Path(demo_name).resolve()
    except (OSError, ValueError):
        return False
