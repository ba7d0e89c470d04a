# ruff: noqa: S608 - fixed numbers in generated SQL, no input
"""The national data set for bench/load.py and bench/audit_appends.py (PostgreSQL only).

At scale 1: 40 networks, 2,000 groups, 20,000 users (ten per group: three GPs, two nurses,
two home-care nurses, a consultant, a chair and a vice-chair, each with a confirmed TOTP
device), 60,000 patients with a care provider, a problem and a home-care organisation,
12,000 meetings (five held, one planned per group) with agenda items and agreements, and
10,000,000 access-log events with a valid hash chain.

Everything but the access log is one INSERT ... SELECT per table (reusing
bench/insight_data.py). The chain is sequential by nature (each hash covers the one
before), so the events are hashed in Python with `audit.chain` itself, which guarantees
that `verify_audit_chain` accepts them, and streamed in with COPY.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national python
bench/national_data.py --scale 0.01`. A database already generated at the same scale is
reused (the table bench_national_meta remembers it); another scale needs a fresh database.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")

NETWORKS = 40
GROUPS = 2_000
PATIENTS = 60_000
EVENTS = 10_000_000
HELD_MEETINGS_PER_GROUP = 5
AGENDA_ITEMS_PER_MEETING = 3
# Ten members per group, in this order of role (so user k has role ROLES[(k - 1) % 10]).
ROLES = ("gp", "gp", "gp", "nurse", "nurse", "homecare", "homecare", "consultant", "chair",
         "vice_chair")  # fmt: skip
PASSWORD = "bench-national-password"  # noqa: S105 - a generated test set
EVENT_COLUMNS = (
    "sequence, occurred_at, action, user_id, user_display, role, membership_id, group_id, "
    "patient_id, changed_fields, ip, user_agent, request_id, previous_hash, hash"
)
COPY_BATCH = 50_000
NULL = "\\N"  # COPY's text format


def sizes(scale: float) -> dict:
    return {
        "networks": max(2, round(NETWORKS * scale)),
        "groups": max(4, round(GROUPS * scale)),
        "patients": max(120, round(PATIENTS * scale)),
        "events": max(1_000, round(EVENTS * scale)),
    }


def people_statements(groups: int, password_hash: str) -> list[tuple[str, list]]:
    users = groups * len(ROLES)
    roles = "ARRAY[" + ",".join(f"'{role}'" for role in ROLES) + "]"
    return [
        (
            """INSERT INTO networks_organisation (name, kind, network_id)
               SELECT CASE k WHEN 'homecare' THEN 'Benchthuiszorg ' ELSE 'Benchpraktijk ' END
                      || n.id, k, n.id
               FROM networks_network n, unnest(ARRAY['homecare', 'gp_practice']) k
               WHERE n.name LIKE 'Benchnetwerk %'""",
            [],
        ),
        (
            f"""INSERT INTO accounts_user (password, is_superuser, email, full_name, is_active,
                   is_staff, date_joined, session_stamp, agb_code, registration_number)
                SELECT %s, false, 'bench' || k || '@example.org', 'Benchgebruiker ' || k, true,
                       false, now(), gen_random_uuid(), '', ''
                FROM generate_series(1, {users}) k""",
            [password_hash],
        ),
        (
            f"""WITH grp AS (SELECT array_agg(id ORDER BY id) ids FROM networks_mdogroup
                             WHERE name LIKE 'Benchgroep %'),
                     u AS (SELECT id, row_number() OVER (ORDER BY id) k FROM accounts_user
                           WHERE email LIKE 'bench%@example.org')
                INSERT INTO networks_membership (role, created_at, group_id, user_id,
                    organisation_id)
                SELECT r.role, now(), g.id, u.id,
                       (SELECT o.id FROM networks_organisation o WHERE o.network_id = g.network_id
                        AND o.kind = CASE r.role WHEN 'homecare' THEN 'homecare'
                                     ELSE 'gp_practice' END LIMIT 1)
                FROM u CROSS JOIN grp
                CROSS JOIN LATERAL (SELECT ({roles})[1 + (u.k - 1) % {len(ROLES)}] AS role) r
                JOIN networks_mdogroup g ON g.id = grp.ids[1 + (u.k - 1) / {len(ROLES)}]""",
            [],
        ),
        (
            """INSERT INTO otp_totp_totpdevice (name, confirmed, key, step, t0, digits,
                   tolerance, drift, last_t, user_id, throttling_failure_count, created_at)
               SELECT 'Bench', true,
                      substr(encode(sha256(convert_to('bench-totp-' || id, 'UTF8')), 'hex'), 1, 40),
                      30, 0, 6, 1, 0, -1, id, 0, now()
               FROM accounts_user WHERE email LIKE 'bench%@example.org'""",
            [],
        ),
    ]


PATIENT_DETAIL_STATEMENTS = [
    # The group's first GP is responsible for its patients (the access overview is theirs).
    """WITH gp AS (SELECT group_id, min(user_id) user_id FROM networks_membership
                   WHERE role = 'gp' GROUP BY group_id)
       UPDATE register_patient p SET responsible_gp_id = gp.user_id
       FROM gp WHERE gp.group_id = p.group_id AND p.surname LIKE 'Benchpatiënt%'""",
    """INSERT INTO register_careprovider (name, contact, is_care_coordinator, organisation_id,
           patient_id)
       SELECT 'Zorgverlener ' || p.id, '', true, o.id, p.id
       FROM register_patient p JOIN networks_mdogroup g ON g.id = p.group_id
       JOIN networks_organisation o ON o.network_id = g.network_id AND o.kind = 'homecare'
       WHERE p.surname LIKE 'Benchpatiënt%'""",
    """INSERT INTO register_patient_homecare_organisations (patient_id, organisation_id)
       SELECT p.id, o.id
       FROM register_patient p JOIN networks_mdogroup g ON g.id = p.group_id
       JOIN networks_organisation o ON o.network_id = g.network_id AND o.kind = 'homecare'
       WHERE p.surname LIKE 'Benchpatiënt%'""",
    """INSERT INTO register_problemandstrength (problem, strength, patient_id, sub_field_id)
       SELECT 'Probleem bij het thuis wonen', 'Mantelzorg aanwezig', p.id,
              (SELECT min(id) FROM register_subfield)
       FROM register_patient p WHERE p.surname LIKE 'Benchpatiënt%'""",
]

MEETING_EXTRA_STATEMENTS = [
    # One planned meeting per group, tomorrow at 12.30, with three agenda items.
    """INSERT INTO meetings_meeting (starts_at, ends_at, location, video_link, status, uid,
           sequence, created_at, updated_at, group_id, room_version)
       SELECT date_trunc('day', now()) + interval '1 day 12 hours 30 minutes',
              date_trunc('day', now()) + interval '1 day 14 hours', '', '', 'planned',
              gen_random_uuid(), 0, now(), now(), g.id, 0
       FROM networks_mdogroup g WHERE g.name LIKE 'Benchgroep %'""",
    f"""WITH pg AS (SELECT group_id, array_agg(id ORDER BY id) ids FROM register_patient
                   WHERE surname LIKE 'Benchpatiënt%' GROUP BY group_id)
       INSERT INTO meetings_agendaitem (position, discussed, advice, version, updated_at,
           patient_id, meeting_id, minutes, advice_anonymised)
       SELECT j, false, '', 1, now(), pg.ids[1 + j], m.id, 10, ''
       FROM meetings_meeting m JOIN pg ON pg.group_id = m.group_id,
            generate_series(0, {AGENDA_ITEMS_PER_MEETING - 1}) j
       WHERE m.status = 'planned'""",
    # One agreement per agenda item of a held meeting.
    """INSERT INTO meetings_agreement (what, who, due_date, status, updated_at, agenda_item_id,
           advance_care_planning, created_at)
       SELECT 'Afspraak over de zorg thuis', 'huisarts', NULL, 'open', now(), a.id, false, now()
       FROM meetings_agendaitem a JOIN meetings_meeting m ON m.id = a.meeting_id
       WHERE m.status = 'closed'""",
]

COUNTED_TABLES = {
    "networks": "networks_network",
    "groups": "networks_mdogroup",
    "users": "accounts_user",
    "memberships": "networks_membership",
    "patients": "register_patient",
    "care_providers": "register_careprovider",
    "meetings": "meetings_meeting",
    "agenda_items": "meetings_agendaitem",
    "agreements": "meetings_agreement",
    "events": "audit_auditevent",
}


def password_hash() -> str:
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def totp_key(user_id: int) -> str:
    """The hex key the generator gave the user's device (same formula as in SQL)."""
    import hashlib

    return hashlib.sha256(f"bench-totp-{user_id}".encode()).hexdigest()[:40]


def generate_events(raw_connection, count: int, *, seed: int = 16) -> None:
    """`count` chained events over the last year, by members in their own groups."""
    from audit import chain

    with raw_connection.cursor() as cursor:
        cursor.execute(
            """SELECT m.id, m.user_id, m.group_id, m.role, u.full_name || ' <' || u.email || '>'
               FROM networks_membership m JOIN accounts_user u ON u.id = m.user_id
               WHERE u.email LIKE 'bench%@example.org' ORDER BY m.id"""
        )
        members = cursor.fetchall()
        cursor.execute(
            "SELECT group_id, array_agg(id ORDER BY id) FROM register_patient GROUP BY group_id"
        )
        patients = dict(cursor.fetchall())
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=365)
    step = datetime.timedelta(days=365) / count
    previous_hash = chain.GENESIS_HASH
    lines = []
    with raw_connection.cursor() as cursor:
        with cursor.copy(f"COPY audit_auditevent ({EVENT_COLUMNS}) FROM STDIN") as copy:
            for sequence in range(1, count + 1):
                membership_id, user_id, group_id, role, display = rng.choice(members)
                draw = rng.random()
                if draw < 0.25:
                    action, patient_id, changed = "list", None, []
                elif draw < 0.85:
                    action, patient_id, changed = "view", rng.choice(patients[group_id]), []
                else:
                    action, changed = "update", ["advice", "discussed"]
                    patient_id = rng.choice(patients[group_id])
                moment = chain.canonical_time(start + step * sequence)
                ip = f"10.{sequence % 200}.{sequence % 250}.{1 + sequence % 250}"
                content = {
                    "sequence": sequence,
                    "occurred_at": moment,
                    "action": action,
                    "user_id": user_id,
                    "user_display": display,
                    "role": role,
                    "membership_id": membership_id,
                    "group_id": group_id,
                    "patient_id": patient_id,
                    "changed_fields": changed,
                    "ip": ip,
                    "user_agent": "Mozilla/5.0 (bench)",
                    "request_id": "",
                }
                event_hash = chain.event_hash(previous_hash, content)
                lines.append(
                    f"{sequence}\t{moment}\t{action}\t{user_id}\t{display}\t{role}\t"
                    f"{membership_id}\t{group_id}\t"
                    f"{NULL if patient_id is None else patient_id}\t{json.dumps(changed)}\t"
                    f"{ip}\tMozilla/5.0 (bench)\t\t{previous_hash}\t{event_hash}\n"
                )
                previous_hash = event_hash
                if len(lines) >= COPY_BATCH:
                    copy.write("".join(lines))
                    lines.clear()
            copy.write("".join(lines))


def ensure(scale: float) -> dict:
    """Generates the data set in the configured database, or reuses the one already there.

    Returns the row counts and the generation time (of this run or the one that made it).
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.insight_data import base_statements, meeting_statements

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_national_meta (scale float, seconds float,"
            " counts jsonb)"
        )
        cursor.execute("SELECT scale, seconds, counts FROM bench_national_meta")
        row = cursor.fetchone()
    if row:
        if row[0] != scale:
            raise SystemExit(f"The database holds scale {row[0]}: drop it for scale {scale}.")
        counts = json.loads(row[2]) if isinstance(row[2], str) else row[2]
        return {"scale": scale, "generation_seconds": row[1], "reused": True, **counts}
    size = sizes(scale)
    started = time.perf_counter()
    statements = [
        *[(sql, []) for sql in base_statements(size["networks"], size["groups"], size["patients"])],
        *people_statements(size["groups"], password_hash()),
        *[(sql, []) for sql in PATIENT_DETAIL_STATEMENTS],
        *[
            (sql, [])
            for sql in meeting_statements(HELD_MEETINGS_PER_GROUP, AGENDA_ITEMS_PER_MEETING)
        ],
        *[(sql, []) for sql in MEETING_EXTRA_STATEMENTS],
    ]
    # One transaction: a failed run leaves nothing half-made behind.
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params or None)
        events_started = time.perf_counter()
        generate_events(connection.connection, size["events"])
        events_seconds = time.perf_counter() - events_started
        cursor.execute("ANALYZE")
        counts = {}
        for key, table in COUNTED_TABLES.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[key] = cursor.fetchone()[0]
        seconds = round(time.perf_counter() - started, 1)
        counts["event_generation_seconds"] = round(events_seconds, 1)
        cursor.execute(
            "INSERT INTO bench_national_meta VALUES (%s, %s, %s)",
            [scale, seconds, json.dumps(counts)],
        )
    return {"scale": scale, "generation_seconds": seconds, "reused": False, **counts}


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national size")
    args = parser.parse_args()
    django.setup()
    print(json.dumps(ensure(args.scale)))  # noqa: T201 - the generator's output


if __name__ == "__main__":
    main()
