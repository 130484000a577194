"""Sites: the websites a team's widget runs on. Admins see them; owners add and change them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from chat_core import identity, rpc
from chat_core.auth import Caller
from chat_core.models import CreateSiteRequest, Site, SiteKeyRemoval, SiteKeyRequest, SiteList, UpdateSiteRequest


def list_sites(caller: Caller) -> SiteList:
    caller.require_admin()
    return SiteList.model_validate(rpc.call("chat_list_sites", {"p_admin_id": caller.subject}))


def _save(caller: Caller, site_id: UUID | None, changes: dict[str, Any]) -> Site:
    caller.require_admin()
    saved = rpc.call(
        "chat_save_site",
        {"p_admin_id": caller.subject, "p_site_id": str(site_id) if site_id else None, "p_changes": changes},
        write=True,
    )
    return Site.model_validate(saved)


def create_site(caller: Caller, request: CreateSiteRequest) -> Site:
    return _save(caller, None, request.model_dump(mode="json", exclude_none=True))


def update_site(caller: Caller, request: UpdateSiteRequest) -> Site:
    """Only the fields the request names change; a welcome_line given as null goes back to the
    page's own words."""
    changes = request.model_dump(mode="json", exclude_unset=True, exclude={"site_id"})
    return _save(caller, request.site_id, changes)


def add_key(caller: Caller, request: SiteKeyRequest) -> Site:
    caller.require_admin()
    kid, public_jwk = identity.public_key(request.public_jwk)
    saved = rpc.call(
        "chat_add_site_key",
        {"p_admin_id": caller.subject, "p_site_id": str(request.site_id), "p_kid": kid, "p_public_jwk": public_jwk},
        write=True,
    )
    return Site.model_validate(saved)


def remove_key(caller: Caller, request: SiteKeyRemoval) -> Site:
    caller.require_admin()
    saved = rpc.call(
        "chat_remove_site_key",
        {"p_admin_id": caller.subject, "p_site_id": str(request.site_id), "p_kid": request.kid},
        write=True,
    )
    return Site.model_validate(saved)
