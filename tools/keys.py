"""ES256 signing keys (JWK with kid): one key signs customer tokens (the Lambdas) and admin
tokens (Supabase Auth). `make signing-key` prints a new one and how to install it."""

from __future__ import annotations

import json
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm


def generate_signing_jwk() -> dict[str, Any]:
    private_key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(ECAlgorithm.to_jwk(private_key))
    return {**jwk, "kid": str(uuid.uuid4()), "alg": "ES256", "use": "sig", "key_ops": ["sign", "verify"]}


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
    print(INSTRUCTIONS)
    print(json.dumps(generate_signing_jwk()))
