"""The test HIS: a tiny OAuth2/OpenID Connect authorization server with SMART launch
context, a JWKS, and a FHIR endpoint (nl-core-shaped Patient and Practitioner; accepts
Communication with conditional create). Flask + authlib (PKCE) + joserfc (JWT).

A test tool, not part of the portal: state is in memory, the HIS user is always signed
in, and every launch is approved. `faults` lets tests make it slow, broken or hostile.
"""

import hashlib
import json
import secrets
import threading
import time
from urllib.parse import urlencode

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from flask import Flask, Response, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet
from markupsafe import escape

from testhis.patients import PRACTITIONER, demo_patients

CODE_SECONDS = 60
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class HISState:
    def __init__(self, *, client_id="mdo-portaal", portal_url="http://127.0.0.1:8000"):
        self.base_url = ""  # set when served
        self.client_id = client_id
        self.portal_url = portal_url.rstrip("/")
        self.key = ECKey.generate_key("P-256", parameters={"alg": "ES256", "use": "sig"})
        self.key_id = self.key.thumbprint()
        self.patients = demo_patients()
        self.launches: dict[str, dict] = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.communications: dict[str, dict] = {}
        self.used_assertions: set[str] = set()
        self.faults: dict = {}
        self.busy_seconds = 0.0
        self.lock = threading.Lock()

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/fhir"

    def new_launch(self, patient_id: str, practitioner_id: str = PRACTITIONER["id"]) -> str:
        launch = secrets.token_urlsafe(16)
        self.launches[launch] = {"patient": patient_id, "practitioner": practitioner_id}
        return launch

    def launch_url(self, patient_id: str, **kwargs) -> str:
        query = urlencode({"iss": self.issuer, "launch": self.new_launch(patient_id, **kwargs)})
        return f"{self.portal_url}/his/start/?{query}"

    def id_token(self, claims: dict) -> str:
        key = self.key
        if self.faults.get("id_token_foreign_key"):
            key = ECKey.generate_key("P-256", parameters={"alg": "ES256"})
        claims = {**claims, **self.faults.get("id_token_claims", {})}
        return jwt.encode({"alg": "ES256", "kid": self.key_id}, claims, key)


def create_app(state: HISState) -> Flask:
    app = Flask(__name__)
    app.config["his"] = state

    @app.before_request
    def _start():
        request.environ["his.started"] = time.perf_counter()
        delay = state.faults.get("delay")
        if delay and request.path.startswith(("/fhir", "/token")):
            time.sleep(delay)

    @app.after_request
    def _stop(response):
        state.busy_seconds += time.perf_counter() - request.environ["his.started"]
        return response

    @app.get("/")
    def patient_list():
        rows = "".join(
            f'<li>{escape(_display(p))} – <a href="/launch/{escape(pid)}">Open MDO-portaal</a></li>'
            for pid, p in state.patients.items()
        )
        return (
            '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
            "<title>Test-HIS: patiëntenlijst</title></head><body><main>"
            "<h1>Test-HIS (alleen voor tests en demo)</h1>"
            f"<p>Ingelogd als {escape(PRACTITIONER['name'][0]['family'])}.</p>"
            f"<ul>{rows}</ul></main></body></html>"
        )

    @app.get("/launch/<pid>")
    def start_launch(pid):
        if pid not in state.patients:
            abort(404)
        return redirect(state.launch_url(pid))

    @app.get("/fhir/.well-known/smart-configuration")
    def smart_configuration():
        if state.faults.get("status"):
            return Response("error", status=state.faults["status"])
        return jsonify(
            issuer=state.issuer,
            jwks_uri=f"{state.base_url}/jwks",
            authorization_endpoint=f"{state.base_url}/authorize",
            token_endpoint=f"{state.base_url}/token",
            grant_types_supported=["authorization_code", "client_credentials"],
            token_endpoint_auth_methods_supported=["none", "private_key_jwt"],
            token_endpoint_auth_signing_alg_values_supported=["ES384", "RS384"],
            scopes_supported=[
                "openid",
                "fhirUser",
                "launch",
                "patient/Patient.rs",
                "system/Communication.c",
            ],
            response_types_supported=["code"],
            code_challenge_methods_supported=["S256"],
            capabilities=[
                "launch-ehr",
                "client-public",
                "client-confidential-asymmetric",
                "context-ehr-patient",
                "sso-openid-connect",
                "permission-v2",
            ],
        )

    @app.get("/jwks")
    def jwks():
        public = state.key.as_dict(private=False)
        public["kid"] = state.key_id
        return jsonify(keys=[public])

    @app.get("/authorize")
    def authorize():
        args = request.args
        if args.get("client_id") != state.client_id or args.get("response_type") != "code":
            abort(400)
        if args.get("aud") != state.issuer or args.get("code_challenge_method") != "S256":
            abort(400)
        if "launch" not in args.get("scope", "").split():
            abort(400)
        context = state.launches.pop(args.get("launch", ""), None)
        if context is None:
            return _back(args, error="invalid_request")
        code = secrets.token_urlsafe(24)
        state.codes[code] = {
            **context,
            "challenge": args.get("code_challenge", ""),
            "redirect_uri": args.get("redirect_uri", ""),
            "nonce": args.get("nonce", ""),
            "scope": args.get("scope", ""),
            "expires": time.time() + CODE_SECONDS,
        }
        return _back(args, code=code)

    def _back(args, **params):
        target = args.get("redirect_uri", "")
        if not target.startswith(state.portal_url + "/"):
            abort(400)
        return redirect(f"{target}?{urlencode({**params, 'state': args.get('state', '')})}")

    @app.post("/token")
    def token():
        if state.faults.get("token_status"):
            return Response("error", status=state.faults["token_status"])
        form = request.form
        if form.get("grant_type") == "authorization_code":
            return _code_token(form)
        if form.get("grant_type") == "client_credentials":
            return _backend_token(form)
        return _oauth_error("unsupported_grant_type")

    def _code_token(form):
        with state.lock:
            grant = state.codes.pop(form.get("code", ""), None)
        if grant is None or grant["expires"] < time.time():
            return _oauth_error("invalid_grant")
        verifier = form.get("code_verifier", "")
        if not verifier or create_s256_code_challenge(verifier) != grant["challenge"]:
            return _oauth_error("invalid_grant")
        if form.get("redirect_uri") != grant["redirect_uri"] or form.get("client_id") != (
            state.client_id
        ):
            return _oauth_error("invalid_grant")
        access = secrets.token_urlsafe(32)
        state.tokens[access] = {"patient": grant["patient"], "expires": time.time() + 300}
        now = int(time.time())
        fhir_user = state.faults.get("fhir_user", f"Practitioner/{grant['practitioner']}")
        id_token = state.id_token(
            {
                "iss": state.issuer,
                "sub": grant["practitioner"],
                "aud": state.client_id,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                "fhirUser": fhir_user,
                "amr": ["pwd", "otp"],
            }
        )
        return jsonify(
            access_token=access,
            token_type="Bearer",  # noqa: S106
            expires_in=300,
            scope=grant["scope"],
            patient=grant["patient"],
            id_token=id_token,
        )

    def _backend_token(form):
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            return _oauth_error("invalid_client")
        try:
            keys = KeySet.import_key_set(state.faults.get("portal_jwks") or _portal_jwks())
            claims = jwt.decode(
                form.get("client_assertion", ""), keys, algorithms=["ES384", "RS384"]
            ).claims
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": state.client_id},
                sub={"essential": True, "value": state.client_id},
                aud={"essential": True, "value": f"{state.base_url}/token"},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(claims)
        except (JoseError, ValueError):
            return _oauth_error("invalid_client")
        with state.lock:
            if claims["jti"] in state.used_assertions:
                return _oauth_error("invalid_client")
            state.used_assertions.add(claims["jti"])
        access = secrets.token_urlsafe(32)
        state.tokens[access] = {"system": True, "expires": time.time() + 300}
        return jsonify(
            access_token=access,
            token_type="Bearer",  # noqa: S106
            expires_in=300,
            scope="system/Communication.c",
        )

    def _portal_jwks():
        import requests

        return requests.get(f"{state.portal_url}/his/jwks.json", timeout=5).json()

    def _bearer():
        header = request.headers.get("Authorization", "")
        grant = state.tokens.get(header.removeprefix("Bearer ").strip())
        if grant is None or grant["expires"] < time.time():
            abort(401)
        return grant

    @app.get("/fhir/Patient/<pid>")
    def read_patient(pid):
        grant = _bearer()
        if state.faults.get("patient_status"):
            return Response("error", status=state.faults["patient_status"])
        if grant.get("patient") != pid or pid not in state.patients:
            abort(404)
        if "patient_body" in state.faults:
            return Response(state.faults["patient_body"], mimetype="application/fhir+json")
        return _fhir(state.patients[pid])

    @app.get("/fhir/Practitioner/<pid>")
    def read_practitioner(pid):
        _bearer()
        if pid != PRACTITIONER["id"]:
            abort(404)
        return _fhir(PRACTITIONER)

    @app.post("/fhir/Communication")
    def create_communication():
        grant = _bearer()
        if not grant.get("system"):
            abort(403)
        if state.faults.get("communication_status"):
            status = state.faults["communication_status"]
            return _fhir(_outcome("refused by test HIS"), status)
        resource = request.get_json(force=True, silent=True) or {}
        if resource.get("resourceType") != "Communication":
            return _fhir(_outcome("not a Communication"), 422)
        condition = request.headers.get("If-None-Exist", "")
        with state.lock:
            if condition and condition in state.communications:
                return _fhir(state.communications[condition], 200)
            # Hex: a FHIR id allows only [A-Za-z0-9-.] (base64's "_" made a resource invalid).
            resource["id"] = hashlib.sha256(
                condition.encode() or secrets.token_bytes(8)
            ).hexdigest()[:16]
            state.communications[condition or resource["id"]] = resource
        return _fhir(resource, 201)

    return app


def _display(patient: dict) -> str:
    name = patient["name"][0]
    return f"{' '.join(name.get('given', []))} {name.get('family', '')} ({patient['birthDate']})"


def _fhir(resource: dict, status: int = 200) -> Response:
    return Response(json.dumps(resource), status=status, mimetype="application/fhir+json")


def _outcome(text: str) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "processing", "diagnostics": text}],
    }


def _oauth_error(error: str):
    return jsonify(error=error), 400
