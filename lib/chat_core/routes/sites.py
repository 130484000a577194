"""Sites the widget runs on: admins list them; owners add them, change them and their keys."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import sites
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import CreateSiteRequest, Site, SiteKeyRemoval, SiteKeyRequest, SiteList, UpdateSiteRequest

router = create_router()


@router.get(
    "/chat-session/sites",
    summary="The sites the widget runs on, with their settings and key ids (admin)",
    security=BEARER,
    responses=responses({200: (SiteList, "Every site")}),
)
def list_sites() -> SiteList:
    return sites.list_sites(caller(router))


@router.post(
    "/chat-session/sites",
    status_code=201,
    summary="Add a site: its name, the origins that may embed the widget, how the widget looks (owner)",
    security=BEARER,
    responses=responses({201: (Site, "The new site, with its public site key")}),
)
def create_site(request: CreateSiteRequest) -> Site:
    return sites.create_site(caller(router), request)


@router.patch(
    "/chat-session/sites",
    summary="Change a site's settings; fields left out keep their values (owner)",
    security=BEARER,
    responses=responses({200: (Site, "The site as it is now")}),
)
def update_site(request: UpdateSiteRequest) -> Site:
    return sites.update_site(caller(router), request)


@router.post(
    "/chat-session/sites/keys",
    status_code=201,
    summary="Add a public key the site's server signs identity tokens with; two at most (owner)",
    security=BEARER,
    responses=responses({201: (Site, "The site, with its keys")}),
)
def add_site_key(request: SiteKeyRequest) -> Site:
    return sites.add_key(caller(router), request)


@router.delete(
    "/chat-session/sites/keys",
    summary="Stop accepting identity tokens signed with a key (owner)",
    security=BEARER,
    responses=responses({200: (Site, "The site, with its keys")}),
)
def remove_site_key(
    site_id: Annotated[UUID, Query(description="The site")],
    kid: Annotated[str, Query(min_length=1, max_length=100, description="The key's id")],
) -> Site:
    return sites.remove_key(caller(router), SiteKeyRemoval(site_id=site_id, kid=kid))
