"""The API's OpenAPI document, generated from both resolvers (`make openapi` writes openapi.json)."""

from __future__ import annotations

import json
from typing import Any

TITLE = "Customer Chat API"
VERSION = "1.0.0"


def build_openapi() -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer, SecurityScheme

    from functions.chat_message.app import app as message_app
    from functions.chat_session.app import app as session_app

    # Routes that need a credential name "bearer"; the API verifies it itself (chat_core.auth).
    security_schemes: dict[str, SecurityScheme] = {
        "bearer": HTTPBearer(
            bearerFormat="JWT",
            description="An admin's Supabase Auth access token, or a customer's token from POST /chat-session/join",
        )
    }
    merged: dict[str, Any] = {}
    for app in (session_app, message_app):
        schema = json.loads(
            app.get_openapi_json_schema(title=TITLE, version=VERSION, security_schemes=security_schemes)
        )
        if not merged:
            merged = schema
            continue
        merged["paths"].update(schema["paths"])
        merged.setdefault("components", {}).setdefault("schemas", {}).update(
            schema.get("components", {}).get("schemas", {})
        )
    return merged


def render() -> str:
    return json.dumps(build_openapi(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render(), end="")
