"""The query-plan database's shape (the plan_database fixture seeds it)."""

from __future__ import annotations

from dataclasses import dataclass

PLAN_CHAT_MESSAGES = 20_000  # one long chat: history at any depth must cost the same
PLAN_SESSIONS = 5_000  # open and closed, for the session list
PLAN_NOTES = 5_000  # in the long chat
PLAN_REPLIES = 1_000  # the team's saved replies


@dataclass
class PlanDatabase:
    url: str  # superuser
    long_chat: str
    admin_id: str
