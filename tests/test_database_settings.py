"""Production's database block: no server-side cursors; persistent connections or a pool."""

import json
import subprocess
import sys

import pytest

from tests.test_configuration import PRODUCTION_ENV, ROOT, clean_environment

CODE = (
    "import json; from config.settings import production as p; d = p.DATABASES['default'];"
    "print(json.dumps([d.get('DISABLE_SERVER_SIDE_CURSORS'), d['CONN_MAX_AGE'],"
    " d.get('OPTIONS', {}).get('pool')]))"
)


def production_database(**env) -> list:
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=ROOT,
        env=clean_environment(
            **{**PRODUCTION_ENV, "DATABASE_URL": "postgres://mdo@db.example.nl/mdo", **env}
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(result.stdout or result.stderr)


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, [True, 60, None]),
        ({"DATABASE_POOL": "true"}, [True, 0, {"min_size": 2, "max_size": 4}]),
        (
            {"DATABASE_POOL": "true", "DATABASE_POOL_SIZE": "8"},
            [True, 0, {"min_size": 2, "max_size": 8}],
        ),
    ],
    ids=["persistent", "pool", "pool-size"],
)
def test_production_database_settings(env, expected):
    assert production_database(**env) == expected
