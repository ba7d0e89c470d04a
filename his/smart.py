"""The SMART App Launch protocol towards one HIS: discovery, authorize URL, code
exchange and id-token validation (authlib for OAuth2, joserfc for JOSE/JWT).

Every failure is a `LaunchError` with a Dutch message for the user and a reason code for
the log; neither ever contains a token or patient data.
"""

import hashlib
import json
import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from his.models import HISConnection

logger = logging.getLogger(__name__)

LAUNCH_SCOPE = "launch openid fhirUser patient/Patient.rs"
DISCOVERY_CACHE_SECONDS = 300
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "ES256", "ES384"]


class LaunchError(Exception):
    def __init__(self, message, reason: str, *, status: int = 400):
        super().__init__(reason)
        self.message = message
        self.reason = reason
        self.status = status


HIS_UNAVAILABLE = _(
    "The HIS did not answer (in time). Try again later, or enter the patient by hand."
)


def get_json(url: str, *, headers=None, session=None) -> dict:
    """GET a JSON document from a HIS, bounded in time and size."""
    getter = session or requests
    try:
        response = getter.get(
            url,
            headers={"Accept": "application/fhir+json, application/json", **(headers or {})},
            timeout=settings.HIS_HTTP_TIMEOUT_SECONDS,
            stream=True,
        )
    except requests.RequestException as error:
        reason = f"his_unreachable:{type(error).__name__}"
        raise LaunchError(HIS_UNAVAILABLE, reason, status=502) from None
    with response:
        if response.status_code != 200:
            raise LaunchError(HIS_UNAVAILABLE, f"his_status:{response.status_code}", status=502)
        body = _read_limited(response)
    try:
        document = json.loads(body)
    except ValueError:
        raise LaunchError(UNREADABLE, "malformed_json", status=502) from None
    if not isinstance(document, dict):
        raise LaunchError(UNREADABLE, "not_an_object", status=502)
    return document


UNREADABLE = _("The HIS sent data the portal cannot read. Enter the patient by hand.")


def _read_limited(response) -> bytes:
    limit = settings.HIS_MAX_RESOURCE_BYTES
    body = b""
    for chunk in response.iter_content(chunk_size=16384):
        body += chunk
        if len(body) > limit:
            raise LaunchError(UNREADABLE, "too_large", status=502)
    return body


def smart_configuration(connection: HISConnection) -> dict:
    key = cache_key("smart-config", connection)
    config = cache.get(key)
    if config is None:
        config = get_json(f"{connection.fhir_base_url}/.well-known/smart-configuration")
        missing = {"authorization_endpoint", "token_endpoint", "jwks_uri"} - set(config)
        if missing:
            raise LaunchError(UNREADABLE, "smart_config_incomplete", status=502)
        cache.set(key, config, DISCOVERY_CACHE_SECONDS)
    return config


def cache_key(kind: str, connection: HISConnection) -> str:
    # By address, not only by id: a changed base URL never reuses the old HIS's answers.
    digest = hashlib.sha256(connection.fhir_base_url.encode()).hexdigest()[:16]
    return f"his:{kind}:{connection.pk}:{digest}"


def oauth_session(connection: HISConnection, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=connection.client_id,
        redirect_uri=redirect_uri,
        scope=LAUNCH_SCOPE,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",  # noqa: S106 - a public client: PKCE, no secret
    )


def authorize_url(connection, config, *, redirect_uri, launch, state, nonce, verifier) -> str:
    url, _state = oauth_session(connection, redirect_uri).create_authorization_url(
        config["authorization_endpoint"],
        state=state,
        nonce=nonce,
        code_verifier=verifier,
        launch=launch,
        aud=connection.fhir_base_url,
    )
    return url


CODE_REFUSED = _(
    "The HIS refused the sign-in code: it has expired or was already used. "
    "Open the portal again from the HIS."
)


def exchange_code(connection, config, *, redirect_uri, code, verifier) -> dict:
    session = oauth_session(connection, redirect_uri)
    try:
        token = session.fetch_token(
            config["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=verifier,
            timeout=settings.HIS_HTTP_TIMEOUT_SECONDS,
        )
    except AuthlibBaseError as error:
        raise LaunchError(CODE_REFUSED, f"token_refused:{getattr(error, 'error', '')}") from None
    except requests.RequestException as error:
        reason = f"token_unreachable:{type(error).__name__}"
        raise LaunchError(HIS_UNAVAILABLE, reason, status=502) from None
    except ValueError:
        raise LaunchError(UNREADABLE, "token_malformed", status=502) from None
    if not token.get("access_token") or not token.get("id_token"):
        raise LaunchError(UNREADABLE, "token_incomplete", status=502)
    return dict(token)


BAD_ID_TOKEN = _("The HIS sent an invalid sign-in. Open the portal again from the HIS.")


def validate_id_token(connection, config, id_token: str, *, nonce: str) -> dict:
    """Signature from the HIS's JWKS, then iss, aud, exp and nonce."""
    keys = KeySet.import_key_set(_jwks(connection, config))
    try:
        token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": connection.fhir_base_url},
            aud={"essential": True, "value": connection.client_id},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
            sub={"essential": True},
        ).validate(token.claims)
    except (JoseError, ValueError) as error:
        raise LaunchError(BAD_ID_TOKEN, f"id_token:{type(error).__name__}") from None
    return token.claims


def _jwks(connection, config) -> dict:
    key = cache_key("jwks", connection)
    jwks = cache.get(key)
    if jwks is None:
        jwks = get_json(config["jwks_uri"])
        cache.set(key, jwks, DISCOVERY_CACHE_SECONDS)
    return jwks


def read_patient(connection, *, access_token: str, patient_id: str) -> dict:
    if not patient_id or "/" in patient_id or "?" in patient_id:
        raise LaunchError(NO_PATIENT, "no_patient_context")
    return get_json(
        f"{connection.fhir_base_url}/Patient/{patient_id}",
        headers={"Authorization": f"Bearer {access_token}"},
    )


NO_PATIENT = _("The HIS did not say which patient was opened. Open the portal again from the HIS.")
