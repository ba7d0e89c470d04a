"""The portal's own keys. The signing key comes from the environment (HIS_SIGNING_KEY,
a PEM private key), never from the database; the demo and tests make one per process."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import ECKey, KeySet, RSAKey


@lru_cache(maxsize=1)
def signing_key():
    pem = settings.HIS_SIGNING_KEY
    if not pem:
        if not settings.DEMO_MODE:
            return None
        return ECKey.generate_key("P-384", parameters=_params("ES384"))
    key = _import_pem(pem)
    key_alg = "ES384" if isinstance(key, ECKey) else "RS384"
    return _import_pem(pem, _params(key_alg))


def _import_pem(pem: str, parameters=None):
    for cls in (ECKey, RSAKey):
        try:
            return cls.import_key(pem.encode(), parameters)
        except ValueError:
            continue
    raise ImproperlyConfigured("HIS_SIGNING_KEY is not an EC or RSA private key in PEM.")


def _params(alg: str) -> dict:
    return {"alg": alg, "use": "sig"}


def signing_alg() -> str:
    return signing_key().get("alg")


def public_jwks() -> dict:
    key = signing_key()
    if key is None:
        return {"keys": []}
    public = key.as_dict(private=False)
    public["kid"] = key.thumbprint()
    return KeySet.import_key_set({"keys": [public]}).as_dict(private=False)


def link_hash(issuer: str, patient_id: str) -> str:
    """Keyed hash of the HIS and its Patient.id: matches a patient without storing either."""
    message = f"{issuer}|{patient_id}".encode()
    return hmac.new(_link_secret(b"link"), message, hashlib.sha256).hexdigest()


def _link_secret(purpose: bytes) -> bytes:
    return hashlib.sha256(
        purpose + b"|" + (settings.HIS_LINK_SECRET or settings.SECRET_KEY).encode()
    ).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_link_secret(b"reference")))


def encrypt_reference(reference: str) -> str:
    return _fernet().encrypt(reference.encode()).decode()


def decrypt_reference(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
