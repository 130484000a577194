"""A site's visitors: they start chats from the widget, with no link, and come back to them.

Whose website a request comes from: the widget's frame is on the pages' own origin, which the
browser let frame it only on one of the site's origins (frame-ancestors), and it names that
host; any other caller's Origin header is its host. The SQL functions check it against the
site's origins, the identity mode and the start budgets; this module verifies identity tokens
(chat_core.identity) and makes the credentials, which the database keeps only as hashes.
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID, uuid4, uuid5

from chat_core import rpc
from chat_core.auth import capability_hash, link_claim, visitor_credential
from chat_core.config import cors_allowed_origins, get_settings
from chat_core.identity import Identity, verify_identity
from chat_core.models import (
    ForgottenVisitor,
    Message,
    ResumeRequest,
    Session,
    SiteForVisitor,
    StartChatRequest,
    StartedChat,
    VisitorChats,
    VisitorRequest,
)
from chat_core.observability import metrics
from chat_core.sessions import ChatLink, customer_token

# A visitor chat's id is derived from its site and first message's client_msg_id, so a retried
# start finds the chat it made.
Chats = TypeVar("Chats", bound=VisitorChats)
VISITOR_CHAT_NAMESPACE = UUID("0b7c1d55-3f8e-4c5e-9a55-6a3c2f1e9d40")


def host_origin(request_origin: str | None, claimed: str | None) -> str | None:
    """The website the visitor is on: the host the widget's frame names, when the request comes
    from our pages; otherwise the request's own Origin (None: not a browser, so no website)."""
    if request_origin is not None and request_origin in cors_allowed_origins():
        return claimed
    return request_origin


def _site(site_key: str, host: str | None) -> dict[str, Any]:
    """The site's settings and its identity keys, for a page on one of its origins."""
    found: dict[str, Any] = rpc.call("chat_site_for_visitor", {"p_site_key": site_key, "p_host_origin": host})
    return found


class _Visit:
    """One request of a visitor: its host, its verified identity if it brings one and the site
    uses identities, and its credential or the new one it will be given. The site, the host and
    the identity mode are checked by the SQL function the request then calls; the site is read
    first only to verify an identity token against its keys."""

    def __init__(self, request: VisitorRequest, request_origin: str | None, client_address: str) -> None:
        self.request = request
        self.host = host_origin(request_origin, request.host_origin)
        self.client_address = client_address
        self.identity: Identity | None = None
        if request.identity_token:
            found = _site(request.site_key, self.host)
            # A site that does not use identities ignores a token: its visitors are anonymous.
            if found["site"]["identity_mode"] != "off":
                self.identity = verify_identity(request.identity_token.get_secret_value(), found["keys"])
        self.credential = request.visitor_token.get_secret_value() if request.visitor_token else None
        self.new_visitor_id = None if self.credential else uuid4()

    def rpc_params(self) -> dict[str, Any]:
        new_id = self.new_visitor_id
        return {
            "p_site_key": self.request.site_key,
            "p_host_origin": self.host,
            "p_client_address": self.client_address,
            "p_credential_hash": capability_hash(self.credential) if self.credential else None,
            "p_identity_sub": self.identity.sub if self.identity else None,
            "p_new_visitor_id": str(new_id) if new_id else None,
            "p_new_credential_hash": capability_hash(visitor_credential(new_id)) if new_id else None,
        }

    def answer(self, answer: dict[str, Any], shape: type[Chats], **more: Any) -> Chats:
        """The visitor's chats, a token for the one opened, and its credential when it is new
        (recomputed from the visitor the database named: a retried start answers the same)."""
        opened = answer["opened"]
        return shape(
            sessions=[Session.model_validate(row) for row in answer["sessions"]],
            opened=customer_token({**opened, "realtime_epoch": answer["realtime_epoch"]}, link_claim(opened["link"]))
            if opened
            else None,
            visitor_token=None if self.credential else visitor_credential(UUID(answer["visitor_id"])),
            **more,
        )


def site_for_visitor(site_key: str, request_origin: str | None, claimed_host: str | None) -> SiteForVisitor:
    """What the widget shows before any chat: the site's name, look and pre-chat fields."""
    return SiteForVisitor.model_validate(_site(site_key, host_origin(request_origin, claimed_host))["site"])


def start_chat(request: StartChatRequest, request_origin: str | None, client_address: str) -> StartedChat:
    visit = _Visit(request, request_origin, client_address)
    chat_id = uuid5(VISITOR_CHAT_NAMESPACE, f"{request.site_key}:{request.client_msg_id}")
    link = ChatLink.new(chat_id)
    verified = visit.identity
    answer = rpc.call(
        "chat_start_visitor_chat",
        {
            **visit.rpc_params(),
            "p_chat_id": str(chat_id),
            # The site's verified name and email over what the visitor typed.
            "p_customer_name": (verified and verified.name) or request.customer_name,
            "p_customer_email": (verified and verified.email) or request.customer_email,
            "p_content": request.content,
            "p_client_msg_id": str(request.client_msg_id),
            "p_context": request.context.model_dump(mode="json", exclude_none=True),
            **link.rpc_params(),
            "p_auto_assign": get_settings().auto_assign == "round_robin",
        },
        write=True,
    )
    if answer["created"]:
        metrics.add_metric(name="VisitorChatsStarted", unit="Count", value=1)
    return visit.answer(answer, StartedChat, message=Message.model_validate(answer["message"]))


def resume(request: ResumeRequest, request_origin: str | None, client_address: str) -> VisitorChats:
    """A returning visitor's chats (by its credential, or its verified identity on a new device)
    and a token for the chat it opens."""
    visit = _Visit(request, request_origin, client_address)
    answer = rpc.call(
        "chat_resume_visitor",
        {**visit.rpc_params(), "p_chat_id": str(request.chat_id) if request.chat_id else None},
        write=True,
    )
    return visit.answer(answer, VisitorChats)


def forget(request: VisitorRequest, request_origin: str | None, client_address: str) -> ForgottenVisitor:
    """The visitor's credential stops working (the widget's "Forget this browser")."""
    visit = _Visit(request, request_origin, client_address)
    params = visit.rpc_params()
    rpc.call(
        "chat_forget_visitor",
        {name: params[name] for name in ("p_site_key", "p_host_origin", "p_client_address", "p_credential_hash")},
        write=True,
    )
    return ForgottenVisitor(forgotten=True)
