"""PostgreSQL: append an access-log event in one round trip.

The function takes the chain lock, reads the head and inserts the new row. Being VOLATILE
plpgsql, each statement inside takes a fresh snapshot, so the head read after the lock sees
the row the previous lock holder committed (a single plain statement could not). Python
computes the canonical content with the sequence left out; the function splices the
sequence in, so the hash is exactly `audit.chain.event_hash`. See docs/audit-log.md.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_append(
    p_content_head text, p_content_tail text, p_lock_key bigint,
    p_occurred_at timestamptz, p_action varchar, p_user_id bigint, p_user_display varchar,
    p_role varchar, p_membership_id bigint, p_group_id bigint, p_patient_id bigint,
    p_changed_fields jsonb, p_ip inet, p_user_agent varchar, p_request_id varchar
) RETURNS TABLE (new_id bigint, new_sequence bigint, new_previous_hash varchar, new_hash varchar)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    head_sequence bigint;
    head_hash varchar;
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock_key);
    SELECT e.sequence, e.hash INTO head_sequence, head_hash
        FROM audit_auditevent e ORDER BY e.sequence DESC LIMIT 1;
    new_sequence := COALESCE(head_sequence, 0) + 1;
    new_previous_hash := COALESCE(head_hash, repeat('0', 64));
    new_hash := encode(sha256(convert_to(
        new_previous_hash || p_content_head || new_sequence::text || p_content_tail, 'UTF8'
    )), 'hex');
    INSERT INTO audit_auditevent (
        sequence, occurred_at, action, user_id, user_display, role, membership_id, group_id,
        patient_id, changed_fields, ip, user_agent, request_id, previous_hash, hash
    ) VALUES (
        new_sequence, p_occurred_at, p_action, p_user_id, p_user_display, p_role,
        p_membership_id, p_group_id, p_patient_id, p_changed_fields, p_ip, p_user_agent,
        p_request_id, new_previous_hash, new_hash
    ) RETURNING id INTO new_id;
    RETURN NEXT;
END;
$$;
"""
DROP = """
DROP FUNCTION IF EXISTS audit_append(
    text, text, bigint, timestamptz, varchar, bigint, varchar, varchar, bigint, bigint, bigint,
    jsonb, inet, varchar, varchar);
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_guard")]

    operations = [migrations.RunPython(create_function, drop_function)]
