"""The demo's signing key: one file in var/ so the web process (JWKS) and the worker
(client assertions) use the same key. Production sets HIS_SIGNING_KEY instead."""

from pathlib import Path


def demo_signing_key_pem(path: Path) -> str:
    if not path.exists():
        from joserfc.jwk import ECKey

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ECKey.generate_key("P-384").as_pem(private=True))
        path.chmod(0o600)
    return path.read_text()
