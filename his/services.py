"""The launch flow and what it writes: user link, patient link, accepted name updates.

State between the steps lives in the server-side session, never in a URL: the flow
(state → PKCE verifier, nonce) and, after the callback, the imported name data.
"""

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from his import smart
from his.keys import encrypt_reference, link_hash
from his.models import HISConnection, HISUserLink, PatientLink, normalise_issuer
from his.names import NameData, NameDataError, name_data
from his.smart import LaunchError
from register import services as register_services

logger = logging.getLogger(__name__)

FLOWS_KEY = "his_flows"
IMPORT_KEY = "his_import"
MAX_OPEN_FLOWS = 5

UNKNOWN_HIS = _("This HIS is not linked to the MDO portal. Ask your administrator.")
INCOMPLETE_LAUNCH = _("The start from the HIS is incomplete. Open the portal again from the HIS.")
REPLAYED_LAUNCH = _("This start from the HIS was already used. Open the portal again from the HIS.")
WRONG_STATE = _(
    "The answer from the HIS does not belong to this session. Open the portal again from the HIS."
)
OTHER_ACCOUNT = _(
    "Your HIS account is linked to another portal account. Sign in with that account, "
    "or ask your administrator."
)
NO_NAME_DATA = _(
    "The HIS did not give the patient's name or date of birth. Enter the patient by hand."
)


def start_launch(request, *, iss: str, launch: str, redirect_uri: str) -> str:
    """Checks the issuer and the launch, remembers the flow; returns the authorize URL."""
    forget_import(request)  # a new launch never shows the previous one's patient
    connection = HISConnection.objects.filter(
        fhir_base_url=normalise_issuer(iss), launch_enabled=True
    ).first()
    if not iss or connection is None:
        raise LaunchError(UNKNOWN_HIS, "unknown_iss", status=403)
    if not launch:
        raise LaunchError(INCOMPLETE_LAUNCH, "missing_launch")
    config = smart.smart_configuration(connection)
    fingerprint = hashlib.sha256(f"{connection.pk}|{launch}".encode()).hexdigest()
    if not cache.add(f"his:launch:{fingerprint}", 1, settings.HIS_LAUNCH_MAX_AGE_SECONDS * 2):
        raise LaunchError(REPLAYED_LAUNCH, "replayed_launch")
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    flows = _open_flows(request)
    flows[state] = {
        "connection": connection.pk,
        "nonce": nonce,
        "verifier": verifier,
        "at": time.time(),
    }
    request.session[FLOWS_KEY] = dict(list(flows.items())[-MAX_OPEN_FLOWS:])
    return smart.authorize_url(
        connection,
        config,
        redirect_uri=redirect_uri,
        launch=launch,
        state=state,
        nonce=nonce,
        verifier=verifier,
    )


def _open_flows(request) -> dict:
    oldest = time.time() - settings.HIS_LAUNCH_MAX_AGE_SECONDS
    flows = request.session.get(FLOWS_KEY, {})
    return {state: flow for state, flow in flows.items() if flow["at"] >= oldest}


def finish_launch(request, *, state: str, code: str, redirect_uri: str) -> None:
    """Exchanges the code, validates the id token, links the user, reads the Patient and
    keeps its name data in the session for the import screen."""
    forget_import(request)
    flows = _open_flows(request)
    flow = flows.pop(state, None) if state else None
    request.session[FLOWS_KEY] = flows
    if flow is None:
        raise LaunchError(WRONG_STATE, "wrong_state")
    connection = HISConnection.objects.filter(pk=flow["connection"], launch_enabled=True).first()
    if connection is None:
        raise LaunchError(UNKNOWN_HIS, "connection_gone", status=403)
    if not code:
        raise LaunchError(smart.CODE_REFUSED, "missing_code")
    config = smart.smart_configuration(connection)
    token = smart.exchange_code(
        connection, config, redirect_uri=redirect_uri, code=code, verifier=flow["verifier"]
    )
    claims = smart.validate_id_token(connection, config, token["id_token"], nonce=flow["nonce"])
    link_user(connection, request.user, claims.get("fhirUser") or "")
    patient_id = str(token.get("patient") or "")
    resource = smart.read_patient(
        connection, access_token=token["access_token"], patient_id=patient_id
    )
    try:
        data = name_data(resource)
    except NameDataError as error:
        raise LaunchError(NO_NAME_DATA, f"name_data:{error}", status=502) from None
    request.session[IMPORT_KEY] = {
        "connection": connection.pk,
        "link_hash": link_hash(connection.fhir_base_url, patient_id),
        "reference": encrypt_reference(f"Patient/{patient_id}"),
        "name": data.as_session(),
    }


def link_user(connection: HISConnection, user, fhir_user: str) -> None:
    """First launch links the HIS user to this account; later ones must match."""
    if not fhir_user:
        raise LaunchError(smart.BAD_ID_TOKEN, "no_fhir_user")
    existing = HISUserLink.objects.filter(connection=connection, fhir_user=fhir_user).first()
    if existing is None:
        try:
            with transaction.atomic():
                HISUserLink.objects.create(connection=connection, fhir_user=fhir_user, user=user)
        except IntegrityError:
            reason = "account_linked_to_other_his_user"
            raise LaunchError(OTHER_ACCOUNT, reason, status=403) from None
        logger.info("his: linked a HIS user to account %s", user.pk)
    elif existing.user_id != user.pk:
        raise LaunchError(OTHER_ACCOUNT, "his_user_linked_to_other_account", status=403)


def pending_import(request) -> dict | None:
    return request.session.get(IMPORT_KEY)


def pending_name(pending: dict) -> NameData:
    return NameData.from_session(pending["name"])


def link_patient(pending: dict, patient) -> None:
    PatientLink.objects.get_or_create(
        patient=patient,
        connection_id=pending["connection"],
        defaults={"link_hash": pending["link_hash"], "encrypted_reference": pending["reference"]},
    )


def accept_updates(*, request, membership, patient, fields: list[str], expected_version: int):
    """Takes the chosen name fields from the HIS into the register (audited as an update)."""
    values = pending_name(pending_import(request)).register_fields()
    chosen = [name for name in fields if name in values]
    for name in chosen:
        setattr(patient, name, values[name])
    register_services.patient_update(
        request=request,
        membership=membership,
        patient=patient,
        changed_fields=chosen,
        m2m={},
        problems={},
        providers=None,
        expected_version=expected_version,
    )
    return chosen


def forget_import(request) -> None:
    request.session.pop(IMPORT_KEY, None)


@transaction.atomic
def create_linked_patient(*, request, membership, forms, pending):
    """Adds the patient to the register (audited as a create) and stores its HIS link."""
    patient = register_services.create_patient(request=request, membership=membership, forms=forms)
    link_patient(pending, patient)
    forget_import(request)
    return patient
