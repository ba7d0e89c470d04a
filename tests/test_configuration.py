"""Deployment settings, security headers, health and demo safety (CFG-*, REL-05)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.helpers import LOGIN_URL, VERIFY_URL, sign_in_password_only

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "ci-dummy-secret-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "mdo.example.nl",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp+tls://ci:dummy@smtp.example.nl:587",
    "PORTAL_BASE_URL": "https://mdo.example.nl",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def clean_environment(**overrides):
    """The process environment minus test-only switches (browser tests allow async
    unsafe calls, which the deploy check rightly flags), plus the overrides."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**environment, **overrides}


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_environment(**(env or {})),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_silence_only_hsts_preload():
    code = (
        "from config.settings import production as p;"
        "print(sorted(p.SILENCED_SYSTEM_CHECKS), p.DEBUG, p.DEMO_MODE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_environment(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "['security.W021'] False False", result.stderr


@pytest.mark.parametrize("secret_key", ["", "too-short"])
def test_production_refuses_to_start_without_a_strong_secret_key(secret_key):
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secret_key})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_base_settings_hold_no_secret_and_no_debug():
    from config.settings import base

    assert base.DEBUG is False
    assert not hasattr(base, "SECRET_KEY")
    assert base.ALLOWED_HOSTS == [] or "DJANGO_ALLOWED_HOSTS" in os.environ


def test_language_time_zone_and_dutch_dates():
    from datetime import date

    from django.utils import formats, translation
    from django.utils.dateformat import format as date_format

    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE) == ("nl", "Europe/Amsterdam")
    with translation.override("nl"):
        assert date_format(date(2026, 3, 3), formats.get_format("DATE_FORMAT")) == "3 maart 2026"
        assert translation.gettext("Sign in") == "Inloggen"


@pytest.mark.django_db
class TestHeaders:
    def test_public_page_has_csp_and_browser_protections(self, client):
        response = client.get("/")
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
            assert directive in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"

    def test_signed_in_pages_are_never_cached(self, verified_client):
        response = verified_client.get(reverse("networks:dashboard"))
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "Access-Control-Allow-Origin" not in response

    def test_request_id_is_returned(self, client):
        assert len(client.get(LOGIN_URL)["X-Request-ID"]) >= 8


@pytest.mark.django_db
class TestAdminLoginsNeverSkipTheSecondStep:
    @pytest.mark.parametrize("login_path", ["/cms/login/", "/django-admin/login/", "/_util/login/"])
    def test_posting_valid_credentials_to_an_admin_login_gives_no_access(self, client, login_path):
        from tests.factories import PASSWORD, UserFactory

        admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
        response = client.post(login_path, {"username": admin.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
        for protected in ("/cms/", "/django-admin/", reverse("networks:dashboard")):
            response = client.get(protected)
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN_URL)

    def test_superuser_with_password_only_is_sent_to_verification(self, client):
        from tests.factories import UserFactory

        admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
        sign_in_password_only(client, admin)
        for protected in ("/cms/", "/django-admin/"):
            assert client.get(protected)["Location"].startswith(VERIFY_URL)

    def test_verified_superuser_reaches_both_admins(self, client):
        from tests.factories import UserFactory
        from tests.helpers import sign_in

        admin = UserFactory(with_authenticator=True, is_superuser=True, is_staff=True)
        sign_in(client, admin)
        assert client.get("/cms/").status_code == 200
        assert client.get("/django-admin/").status_code == 200

    def test_verified_member_without_admin_rights_gets_no_admin(self, verified_client):
        assert verified_client.get("/django-admin/").status_code == 302
        response = verified_client.get("/cms/")
        assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_health_tells_anyone_only_the_status(client, settings):
    settings.HEALTH_TOKEN = "monitoring-token-0123456789"
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong-token"}):
        response = client.get("/health/", **headers)
        assert response.status_code == 200
        assert set(response.json()) == {"status"}
        assert response.json()["status"] in {"ok", "degraded"}


@pytest.mark.django_db
def test_health_without_eager_tasks_reads_the_heartbeats(client, settings):
    """Production and the demo do not set CELERY_TASK_ALWAYS_EAGER: the database is still
    up, and without a worker's heartbeat the answer is degraded, never down."""
    del settings.CELERY_TASK_ALWAYS_EAGER
    settings.HEALTH_TOKEN = "monitoring-token-0123456789"
    body = client.get("/health/", HTTP_AUTHORIZATION="Bearer monitoring-token-0123456789").json()
    assert body["checks"]["database"] is True
    assert body["checks"]["worker"] is False
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_health_shows_monitoring_each_check(client, settings):
    settings.HEALTH_TOKEN = "monitoring-token-0123456789"
    body = client.get("/health/", HTTP_AUTHORIZATION="Bearer monitoring-token-0123456789").json()
    assert body["checks"]["database"] is True
    assert set(body["checks"]) == {
        "database", "worker", "drainer", "email_queue", "redis", "smtp",
    }  # fmt: skip


@pytest.mark.django_db
def test_health_without_a_token_configured_shows_no_details(client, settings):
    settings.HEALTH_TOKEN = ""
    assert set(client.get("/health/", HTTP_AUTHORIZATION="Bearer ").json()) == {"status"}


@pytest.mark.django_db
def test_health_is_degraded_while_an_email_waits_too_long(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from outbox.models import OutboundEmail

    settings.HEALTH_TOKEN = "monitoring-token-0123456789"
    settings.HEALTH_EMAIL_MAX_WAIT = timedelta(minutes=15)
    message = OutboundEmail.objects.create(key="k", to="a@example.nl", subject="s", body_text="t")
    auth = {"HTTP_AUTHORIZATION": "Bearer monitoring-token-0123456789"}
    assert client.get("/health/", **auth).json()["checks"]["email_queue"] is True
    OutboundEmail.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=16)
    )
    body = client.get("/health/", **auth).json()
    assert body["status"] == "degraded"
    assert body["checks"]["email_queue"] is False


@pytest.mark.redis
@pytest.mark.django_db
def test_health_is_ok_with_redis_as_cache_and_broker(client, settings):
    settings.HEALTH_TOKEN = "monitoring-token-0123456789"
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    response = client.get("/health/", HTTP_AUTHORIZATION="Bearer monitoring-token-0123456789")
    assert response.json()["status"] == "ok", response.json()
    assert response.json()["checks"]["redis"] is True


@pytest.mark.postgres
@pytest.mark.django_db
def test_runs_on_postgresql():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0]


@pytest.mark.django_db
class TestDemo:
    def test_demo_data_is_idempotent_and_has_every_role(self):
        from accounts.models import User
        from networks.models import MDOGroup, Membership, Network, Organisation

        call_command("load_demo_data", stdout=open(os.devnull, "w"))
        counts = [
            Network.objects.count(),
            MDOGroup.objects.count(),
            User.objects.count(),
            Membership.objects.count(),
            Organisation.objects.count(),
        ]
        call_command("load_demo_data", stdout=open(os.devnull, "w"))
        assert counts == [
            Network.objects.count(),
            MDOGroup.objects.count(),
            User.objects.count(),
            Membership.objects.count(),
            Organisation.objects.count(),
        ]
        assert counts[:2] == [2, 3]
        roles = set(Membership.objects.values_list("role", flat=True))
        assert {"gp", "nurse", "homecare", "consultant", "chair"} <= roles
        assert User.objects.filter(coordinated_networks__isnull=False).exists()
        assert User.objects.filter(is_superuser=True).exists()
        kinds = set(Organisation.objects.values_list("kind", flat=True))
        assert kinds == {choice for choice, _label in Organisation.Kind.choices}

        from register.models import Patient, TargetGroup

        for group in MDOGroup.objects.all():
            patients = Patient.objects.filter(group=group)
            assert 20 <= patients.count() <= 30
            assert patients.values("target_group").distinct().count() == TargetGroup.objects.count()
            assert patients.values("urgency__sort_order").distinct().count() == 4

    def test_demo_commands_are_refused_outside_demo_mode(self, settings):
        settings.DEMO_MODE = False
        with pytest.raises(CommandError):
            call_command("load_demo_data")
        with pytest.raises(CommandError):
            call_command("demo_totp", "huisarts@demo.mdo-portaal.nl")

    def test_demo_code_signs_the_demo_gp_in(self, client, capsys):
        from networks.management.commands.load_demo_data import DEMO_PASSWORD

        call_command("load_demo_data")
        call_command("demo_totp", "huisarts@demo.mdo-portaal.nl")
        code = capsys.readouterr().out.strip().splitlines()[-1]
        client.post(
            LOGIN_URL, {"username": "huisarts@demo.mdo-portaal.nl", "password": DEMO_PASSWORD}
        )
        assert client.post(VERIFY_URL, {"token": code}).status_code == 302
        assert client.get(reverse("networks:dashboard")).status_code == 200


@pytest.mark.django_db
def test_script_nonce_is_fresh_for_every_response(rf):
    """Templates that need an inline script get a nonce that changes per response."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import Context, Template

    def view(request):
        html = Template('<script nonce="{{ request.csp_nonce }}"></script>').render(
            Context({"request": request})
        )
        return HttpResponse(html)

    nonces = []
    for _ in range(2):
        response = CSPMiddleware(view)(rf.get("/"))
        header_nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f'nonce="{header_nonce}"' in response.content.decode()
        nonces.append(header_nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.parametrize("variable", ["EMAIL_URL", "PORTAL_BASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_mail_address_or_redis(variable):
    """Issue 10, point 24: no silent console mail, 127.0.0.1 links or per-process cache."""
    environment = clean_environment(**PRODUCTION_ENV)
    del environment[variable]
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"{variable} must be set in production" in result.stderr


@pytest.mark.parametrize("entry_point", ["manage.py", "config/wsgi.py", "config/celery.py"])
def test_every_entry_point_defaults_to_the_production_settings(entry_point):
    """Issue 10, point 23: one default everywhere; dev and test are always chosen explicitly."""
    source = (ROOT / entry_point).read_text()
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")' in source


def test_manage_py_without_settings_runs_production_and_refuses_the_demo(tmp_path):
    """`manage.py load_demo_data` in a production shell creates no published password."""
    environment = clean_environment(
        **{**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"}
    )
    del environment["DJANGO_SETTINGS_MODULE"]
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo_data"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refused" in result.stderr


def test_dev_settings_on_another_database_refuse_the_demo(tmp_path):
    environment = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",
    }
    for command in (["load_demo_data"], ["demo_totp", "huisarts@demo.mdo-portaal.nl"]):
        result = run_manage(*command, env=environment)
        assert result.returncode != 0
        assert "demo SQLite database" in result.stderr


@pytest.mark.django_db
def test_demo_guard_accepts_only_the_demo_file_or_the_test_database(settings):
    from django.db import connection

    from config.demo import refuse_unless_demo

    refuse_unless_demo()  # the test runner's database, under the test settings
    settings.DEMO_ON_TEST_DATABASE = False
    settings.DEMO_DATABASE_NAME = str(connection.settings_dict["NAME"]) + ".other"
    with pytest.raises(CommandError, match="demo SQLite database"):
        refuse_unless_demo()
