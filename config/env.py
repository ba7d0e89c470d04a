"""The one place that reads the environment.

Every variable the portal reads is listed in `.env.example`. A `.env` file next to
`manage.py` is read when present (convenient locally); real deployments set the
variables in the process environment.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
