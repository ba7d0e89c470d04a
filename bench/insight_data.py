# ruff: noqa: S608 - fixed numbers in generated SQL, no input
"""Set-based generation of a national data set for bench/insight.py (PostgreSQL only).

2,000 groups in 40 networks, 60,000 patients, 60,000 meetings over three years,
180,000 agenda items with an attention point each, 1,000,000 findings and an after-death
analysis for most deceased patients. Every table is filled with one INSERT ... SELECT over
generate_series, so the whole set takes well under a minute. `generate(cursor, scale)`
makes a smaller set (0.01: 40 groups and 10,000 findings; tests/test_bench_data.py runs a
tiny one so that a new NOT NULL column cannot break the benchmark unnoticed).

The texts contain no patient identity, so the anonymised copies that closing a meeting
writes (and that insight reads) are the texts themselves.
"""

NETWORKS = 40
GROUPS = 2_000
PATIENTS = 60_000
MEETINGS_PER_GROUP = 30
AGENDA_ITEMS_PER_MEETING = 3
FINDINGS = 1_000_000
# Network follow-up of the points that reached it (docs/follow-up.md), mostly still new.
FOLLOWUP_STATUS = "(ARRAY['new', 'new', 'new', 'taken_up', 'discussed', 'done'])[1 + ({n} % 6)]"


def base_statements(networks=NETWORKS, groups=GROUPS, patients=PATIENTS) -> list[str]:
    """Networks, groups and patients (also used by bench/national_data.py)."""
    return [
        # Networks and groups.
        f"""INSERT INTO networks_network (name)
        SELECT 'Benchnetwerk ' || n FROM generate_series(1, {networks}) n""",
        f"""INSERT INTO networks_mdogroup (name, nurse_rights, consultant_access, network_id)
        SELECT 'Benchgroep ' || g, 'nurse', 'all',
               (SELECT min(id) FROM networks_network WHERE name LIKE 'Benchnetwerk %')
               + (g % {networks})
        FROM generate_series(1, {groups}) g""",
        # Patients: 30 per group, every target group and colour; 70% active, 10% archived,
        # 20% deceased (half of them at their preferred place of death).
        f"""WITH grp AS (SELECT array_agg(id ORDER BY id) ids FROM networks_mdogroup
                     WHERE name LIKE 'Benchgroep %'),
             tg AS (SELECT array_agg(id ORDER BY sort_order, id) ids FROM register_targetgroup),
             s AS (SELECT i, (i % 4) + 1 AS t, (i % 10) AS st FROM generate_series(1, {patients}) i)
        INSERT INTO register_patient (
            initials, surname, birth_name, date_of_birth, sex, diagnoses, surprise_question,
            spict_done, spict_summary, current_residence, preferred_residence,
            preferred_place_of_death, question_for_meeting, consent, status, date_of_death,
            place_of_death, version, created_at, updated_at, group_id, target_group_id,
            prognosis_id, urgency_id)
        SELECT 'B.', 'Benchpatiënt' || i, '', date '1930-01-01' + (i % 10000), 'unknown', '', '',
               false, '', '', '',
               CASE WHEN i % 3 = 0 THEN '' ELSE 'thuis' END, '', '',
               CASE WHEN st < 7 THEN 'active' WHEN st = 7 THEN 'archived' ELSE 'deceased' END,
               CASE WHEN st >= 8 THEN current_date - (i % 1000) END,
               CASE WHEN st >= 8 AND i % 2 = 0 THEN 'thuis' WHEN st >= 8 THEN 'ziekenhuis'
                    ELSE '' END,
               1, now() - ((30 + (i % 1100)) * interval '1 day'), now(),
               grp.ids[1 + (i % {groups})], tg.ids[s.t],
               (SELECT id FROM register_prognosisoption p WHERE p.target_group_id = tg.ids[s.t]
                ORDER BY sort_order OFFSET (i / 7) % 4 LIMIT 1),
               (SELECT id FROM register_urgencyoption u WHERE u.target_group_id = tg.ids[s.t]
                ORDER BY sort_order OFFSET (i / 5) % 4 LIMIT 1)
        FROM s, grp, tg""",
    ]


def meeting_statements(
    meetings_per_group=MEETINGS_PER_GROUP, agenda_items_per_meeting=AGENDA_ITEMS_PER_MEETING
) -> list[str]:
    """Closed meetings, roughly monthly per group, with agenda items of the group."""
    return [
        # Meetings: roughly monthly per group over the last three years, all held (closed).
        f"""INSERT INTO meetings_meeting (starts_at, ends_at, location, video_link, status, uid,
            sequence, created_at, updated_at, group_id, room_version, closed_at)
        SELECT s.starts_at, s.starts_at + interval '90 minutes', '', '', 'closed',
               gen_random_uuid(), 0, now(), now(), s.group_id, 0,
               s.starts_at + interval '90 minutes'
        FROM (SELECT g.id AS group_id,
                     now() - ((36 * k + (g.id % 30)) * interval '1 day') AS starts_at
              FROM networks_mdogroup g, generate_series(0, {meetings_per_group - 1}) k
              WHERE g.name LIKE 'Benchgroep %') s""",
        # Agenda items: three patients of the meeting's own group per meeting.
        f"""WITH pg AS (SELECT group_id, array_agg(id ORDER BY id) ids FROM register_patient
                    WHERE surname LIKE 'Benchpatiënt%' GROUP BY group_id)
        INSERT INTO meetings_agendaitem (position, discussed, advice, version, updated_at,
            patient_id, meeting_id, minutes, advice_anonymised)
        SELECT j, true, '', 1, now(),
               pg.ids[1 + ((m.id * {agenda_items_per_meeting} + j) % array_length(pg.ids, 1))],
               m.id, 10, ''
        FROM meetings_meeting m JOIN pg ON pg.group_id = m.group_id,
             generate_series(0, {agenda_items_per_meeting - 1}) j""",
    ]


def sizes(scale: float = 1.0) -> dict:
    """Row counts of the generated set; the meetings per group stay (three years' worth)."""
    groups = max(4, round(GROUPS * scale))
    return {
        "networks": max(2, round(NETWORKS * scale)),
        "groups": groups,
        "patients": groups * (PATIENTS // GROUPS),
        "findings": max(100, round(FINDINGS * scale)),
    }


def statements(scale: float = 1.0) -> list[str]:
    size = sizes(scale)
    return [
        *base_statements(size["networks"], size["groups"], size["patients"]),
        *meeting_statements(),
        # One attention point per agenda item.
        f"""WITH c AS (SELECT array_agg(id ORDER BY id) ids FROM meetings_category)
        INSERT INTO meetings_attentionpoint (text, text_anonymised, followup_status,
            followup_response, agenda_item_id, category_id)
        SELECT t.text, t.text, {FOLLOWUP_STATUS.format(n="t.id")}, '', t.id, t.category_id
        FROM (SELECT 'Aandachtspunt over de organisatie van zorg ' || a.id AS text, a.id,
                     c.ids[1 + (a.id % array_length(c.ids, 1))] AS category_id
              FROM meetings_agendaitem a, c) t""",
        # Findings spread over all meetings, kinds, categories and target groups.
        f"""WITH m AS (SELECT array_agg(id ORDER BY id) ids FROM meetings_meeting),
                 c AS (SELECT array_agg(id ORDER BY id) ids FROM meetings_category),
                 tg AS (SELECT array_agg(id ORDER BY id) ids FROM register_targetgroup)
        INSERT INTO meetings_finding (kind, text, text_anonymised, followup_status,
            followup_response, created_at, category_id, target_group_id, meeting_id)
        SELECT (ARRAY['bottleneck', 'learning_point', 'education_need'])[1 + (i % 3)],
               t.text, t.text, {FOLLOWUP_STATUS.format(n="(i / 3)")}, '', now(),
               c.ids[1 + (i % array_length(c.ids, 1))],
               tg.ids[1 + (i % array_length(tg.ids, 1))],
               m.ids[1 + (i % array_length(m.ids, 1))]
        FROM generate_series(1, {size["findings"]}) i, m, c, tg,
             LATERAL (SELECT 'Bevinding ' || i || ': afstemming tussen huisarts en thuiszorg'
                      AS text) t""",
        # An after-death analysis on the first agenda item of most deceased patients.
        """INSERT INTO meetings_afterdeathanalysis (identified_in_time, weeks_on_register,
               preferred_place_of_death, actual_place_of_death, went_well, could_be_better,
               agenda_item_id)
           SELECT true, 12, '', '', '', '', min(a.id)
           FROM meetings_agendaitem a JOIN register_patient p ON p.id = a.patient_id
           WHERE p.status = 'deceased' AND p.id % 5 <> 0
           GROUP BY a.patient_id""",
        "ANALYZE",
    ]


COUNTED_TABLES = {
    "networks": "networks_network",
    "groups": "networks_mdogroup",
    "patients": "register_patient",
    "meetings": "meetings_meeting",
    "agenda_items": "meetings_agendaitem",
    "attention_points": "meetings_attentionpoint",
    "findings": "meetings_finding",
    "after_death_analyses": "meetings_afterdeathanalysis",
}


def generate(cursor, scale: float = 1.0) -> dict:
    """Fills the configured (empty, migrated) database; returns the row count per table."""
    for statement in statements(scale):
        cursor.execute(statement)
    counts = {}
    for key, table in COUNTED_TABLES.items():
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[key] = cursor.fetchone()[0]
    return counts
