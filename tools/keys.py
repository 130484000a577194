"""ES256 signing keys (JWK with kid): one key signs customer tokens (the Lambdas) and admin
tokens (Supabase Auth). `make signing-key` prints a new one and how to install it."""

from __future__ import annotations

import json
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from jwt.utils import base64url_decode, base64url_encode


def generate_signing_jwk() -> dict[str, Any]:
    private_key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(ECAlgorithm.to_jwk(private_key))
    return {**jwk, "kid": str(uuid.uuid4()), "alg": "ES256", "use": "sig", "key_ops": ["sign", "verify"]}


def generate_files_key() -> tuple[str, str]:
    """A CloudFront key pair for signed download links: (private PEM, public PEM). CloudFront
    takes RSA 2048 only."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


FILES_KEY_INSTRUCTIONS = """\
A new key pair for the attachments' download links (CloudFront signed URLs).
  1. The public key (below, first) is the stack parameter FilesPublicKey:
       sam deploy --parameter-overrides FilesPublicKey="$(cat files-public.pem)"
  2. The private key (below, second) goes into the Secrets Manager secret named by
     ChatSecretName, as FILES_SIGNING_KEY (PEM text, newlines as \\n in the JSON).
"""


def generate_vapid_key() -> str:
    """A VAPID private key (RFC 8292): the P-256 scalar, base64url, as web-push tools print it."""
    scalar = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return base64url_encode(scalar.to_bytes(32, "big")).decode()


def public_point(private_key: ec.EllipticCurvePrivateKey) -> str:
    """A P-256 key's public half as Web Push writes it (an application server key, a
    subscription's p256dh): the uncompressed point, base64url."""
    from cryptography.hazmat.primitives import serialization

    point = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64url_encode(point).decode()


def vapid_public_key(private_key: str) -> str:
    """The public half the pages subscribe with (applicationServerKey)."""
    scalar = int.from_bytes(base64url_decode(private_key), "big")
    return public_point(ec.derive_private_key(scalar, ec.SECP256R1()))


VAPID_INSTRUCTIONS = """A new VAPID key pair for web push (RFC 8292).
  1. The public key (below, first) is the stack parameter VapidPublicKey:
       sam deploy --parameter-overrides VapidPublicKey=<public key>
  2. The private key (below, second) goes into the Secrets Manager secret named by
     ChatSecretName, as VAPID_PRIVATE_KEY. Changing the pair later unsubscribes every browser.
"""


def public_jwk(private_jwk: dict[str, Any]) -> dict[str, Any]:
    """What a JWKS publishes: the key without its private part."""
    return {key: value for key, value in private_jwk.items() if key != "d"} | {"key_ops": ["verify"]}


INSTRUCTIONS = """\
A new ES256 signing key (private JWK) is below. Keep it secret.

Locally: put it on one line in .env as CHAT_SIGNING_JWK='<json>' (make dev does this on first start).

With a Supabase project (the same key must sign admin tokens, so the API and Realtime
accept both kinds):
  1. Generate one with the Supabase CLI instead, if you prefer:
       supabase gen signing-key --algorithm ES256
  2. Dashboard > Project Settings > JWT Keys: import the private JWK as a *standby* key.
  3. Rotate: make the standby key current. Supabase Auth now signs with it and publishes it
     at <SUPABASE_URL>/auth/v1/.well-known/jwks.json, where the API verifies tokens.
  4. Store it for the Lambdas in the Secrets Manager secret (JSON) named by ChatSecretName:
       {"SUPABASE_SECRET_KEY": "sb_secret_...", "CHAT_SIGNING_JWK": <this JWK>}
"""


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["vapid"]:
        vapid_key = generate_vapid_key()
        print(VAPID_INSTRUCTIONS)
        print(vapid_public_key(vapid_key))
        print(vapid_key)
    elif sys.argv[1:] == ["files"]:
        private_pem, public_pem = generate_files_key()
        print(FILES_KEY_INSTRUCTIONS)
        print(public_pem)
        print(private_pem)
    else:
        print(INSTRUCTIONS)
        print(json.dumps(generate_signing_jwk()))
