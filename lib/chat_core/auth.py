"""Who is calling. Every route asks `resolve_caller` and hands the result to the services.

The seed had no authentication: anyone could act as admin or customer, and the sender was
whatever the body said. This seam keeps that behaviour for now; the security work replaces
this one function (admin JWTs, customer capability tokens) and nothing else changes shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

CallerRole = Literal["admin", "customer", "seed_open"]


@dataclass(frozen=True)
class Caller:
    role: CallerRole
    subject: str | None = None  # the admin's user id or the customer token's sub
    chat_id: UUID | None = None  # a customer reaches only this chat

    @property
    def is_admin(self) -> bool:
        return self.role in ("admin", "seed_open")

    def may_access_chat(self, chat_id: UUID) -> bool:
        return self.is_admin or self.chat_id == chat_id


def resolve_caller(event: dict[str, Any]) -> Caller:
    """The seed's open access: every caller may do everything."""
    return Caller(role="seed_open")
