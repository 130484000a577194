"""Session services: authorize the caller, call one SQL function, shape the result."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID, uuid4

from chat_core import cursors, rpc
from chat_core.auth import Caller, capability_hash, link_capability, link_claim, mint_customer_token
from chat_core.config import get_settings
from chat_core.errors import BadRequest, Conflict, ErrorCode, Forbidden, Unauthorized
from chat_core.models import (
    AdminList,
    AdminOnline,
    AdminOnlineRequest,
    AdminProfile,
    AssigneeFilter,
    AssignRequest,
    CreateSessionRequest,
    CustomerPresence,
    JoinedSession,
    JoinRequest,
    PresenceRequest,
    Session,
    SessionPage,
    SessionStatus,
    SessionWithLink,
)
from chat_core.observability import logger, metrics


def encode_cursor(session: Session, waiting: bool = False) -> str:
    """Where the next page starts: after this session's activity time (a list), its rank (a
    search) or when it began waiting (the waiting list)."""
    if session.match:
        position = repr(session.match.rank)
    elif waiting and session.waiting_since:
        position = session.waiting_since.isoformat()
    else:
        position = session.last_activity_at.isoformat()
    return cursors.encode(position, session.id)


def _rank(position: str) -> float:
    rank = float(position)
    if not 0 <= rank <= 1:
        raise ValueError("a rank is in [0, 1]")
    return rank


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    """A list's cursor: (activity time, id)."""
    return cursors.decode_moment(cursor)


def decode_search_cursor(cursor: str) -> tuple[float, UUID]:
    """A search's cursor: (rank, id)."""
    return cursors.decode(cursor, _rank)


def chat_page_url(chat_id: UUID) -> str:
    """The customer page of this chat, without the link's capability: it opens the chat in a
    browser that already keeps it."""
    return f"{get_settings().public_chat_url}?{urlencode({'chatId': str(chat_id)})}"


class ChatLink:
    """A chat's link: its capability travels in the fragment (never sent to a server, so never
    in an access log); the database gets only its hash. The same chat and expiry give the same
    capability (link_capability), so a link can be shown again."""

    def __init__(self, chat_id: UUID, expires_at: datetime) -> None:
        self.capability = link_capability(chat_id, expires_at)
        self.expires_at = expires_at

    @classmethod
    def new(cls, chat_id: UUID) -> ChatLink:
        return cls(chat_id, datetime.now(UTC) + timedelta(days=get_settings().link_ttl_days))

    def rpc_params(self) -> dict[str, str]:
        return {"p_link_token_hash": capability_hash(self.capability), "p_link_expires_at": self.expires_at.isoformat()}

    @classmethod
    def shown_again(cls, chat_id: UUID, expires_at: datetime, token_hash: str) -> ChatLink:
        """The chat's current link, recomputed and checked against the hash the database keeps
        (a link made before links could be shown again, or under an earlier signing key, cannot
        be); a Conflict when it has expired or cannot be shown."""
        if expires_at <= datetime.now(UTC):
            raise Conflict("this chat's link has expired: make a new link", code=ErrorCode.LINK_EXPIRED)
        link = cls(chat_id, expires_at)
        if not hmac.compare_digest(capability_hash(link.capability), token_hash):
            raise Conflict("this chat's link cannot be shown again: make a new link", code=ErrorCode.LINK_NOT_SHOWN)
        return link

    def url(self, chat_id: UUID) -> str:
        return f"{chat_page_url(chat_id)}#{urlencode({'token': self.capability})}"

    def for_session(self, session: Session) -> SessionWithLink:
        return SessionWithLink(session=session, link=self.url(session.id), link_expires_at=self.expires_at)


def create_session(caller: Caller, request: CreateSessionRequest) -> SessionWithLink:
    caller.require_admin()
    if request.customer_name is None and request.customer_email is None:
        raise BadRequest("customer_name or customer_email is required", code=ErrorCode.CUSTOMER_REQUIRED)
    link = ChatLink.new(chat_id := uuid4())
    row = rpc.call(
        "chat_create_session",
        {
            "p_id": str(chat_id),
            "p_customer_name": request.customer_name,
            "p_customer_email": request.customer_email,
            "p_metadata": request.metadata,
            **link.rpc_params(),
            "p_admin_id": caller.subject,
            "p_auto_assign": get_settings().auto_assign == "round_robin",
        },
        write=True,
    )
    metrics.add_metric(name="SessionsCreated", unit="Count", value=1)
    return link.for_session(Session.model_validate(row))


def rotate_link(caller: Caller, chat_id: UUID) -> SessionWithLink:
    caller.require_admin()
    link = ChatLink.new(chat_id)
    row = rpc.call(
        "chat_rotate_link", {"p_chat_id": str(chat_id), **link.rpc_params(), "p_admin_id": caller.subject}, write=True
    )
    return link.for_session(Session.model_validate(row))


def current_link(caller: Caller, chat_id: UUID) -> SessionWithLink:
    """The chat's link as it is now, shown again: recomputed, and checked against the hash the
    database keeps (a link made before links could be shown again, or under an earlier
    signing key, cannot be)."""
    caller.require_admin()
    stored = rpc.call("chat_current_link", {"p_chat_id": str(chat_id), "p_admin_id": caller.subject})
    link = ChatLink.shown_again(chat_id, datetime.fromisoformat(stored["expires_at"]), stored["token_hash"])
    return link.for_session(Session.model_validate(stored["session"]))


def customer_link(chat_id: UUID, expires_at: datetime, token_hash: str) -> str | None:
    """The link the chat's customer already has, for an email to name; None when it has expired
    or cannot be shown again (the email then says to ask support)."""
    try:
        return ChatLink.shown_again(chat_id, expires_at, token_hash).url(chat_id)
    except Conflict:
        return None


def join_chat(request: JoinRequest, client_address: str) -> JoinedSession:
    """Exchange a link's capability for a short-lived token for that one chat. Failures count
    against the chat and the client's address, so links cannot be guessed at speed."""
    link_hash = capability_hash(request.token.get_secret_value())
    joined = rpc.call(
        "chat_join",
        {"p_chat_id": str(request.chat_id), "p_link_token_hash": link_hash, "p_client_address": client_address},
    )
    if joined.get("refused"):  # one answer for every failure: nobody learns which chats exist
        logger.info("join refused", extra={"chat_id": str(request.chat_id)})
        raise Unauthorized("this chat link is invalid, expired or was replaced")
    return customer_token(joined, link_claim(link_hash))


def renew_customer_token(caller: Caller) -> JoinedSession:
    """A fresh token for the customer's chat, from the token it holds (no join, so no failure
    budget to be locked out by), while the link it joined with is the chat's current one."""
    if caller.role != "customer" or caller.chat_id is None:
        raise Forbidden("only a customer's token is renewed here; admins renew with Supabase Auth")
    if caller.link is None:
        raise Unauthorized("this token cannot be renewed: open the chat link again")
    renewed = rpc.call(
        "chat_renew_customer",
        {"p_chat_id": str(caller.chat_id), "p_customer_id": caller.subject, "p_link": caller.link},
    )
    return customer_token(renewed, caller.link)


def customer_token(answer: dict[str, Any], link: str) -> JoinedSession:
    session = Session.model_validate(answer["session"])
    access_token, expires_at = mint_customer_token(session.id, UUID(answer["customer_id"]), link)
    return JoinedSession(
        access_token=access_token, expires_at=expires_at, session=session, realtime_epoch=answer["realtime_epoch"]
    )


def list_sessions(
    caller: Caller,
    status: SessionStatus | None,
    cursor: str | None,
    limit: int,
    query: str | None = None,
    assignee: AssigneeFilter | None = None,
    waiting: bool = False,
    site: UUID | None = None,
) -> SessionPage:
    """A page of sessions, newest activity first; with `query`, the chats it finds, best match
    first; `waiting`, the open chats waiting for a reply, oldest wait first, and how many; with
    `assignee`, only the caller's (me) or nobody's (none); with `site`, only that site's."""
    caller.require_admin()
    if waiting and (query is not None or status == "closed"):
        raise BadRequest("waiting lists open chats: it takes no q and no closed status", field="waiting")
    if waiting:
        after_since, after_id = decode_cursor(cursor) if cursor else (None, None)
        page = rpc.call(
            "chat_list_waiting",
            {
                "p_after_since": after_since.isoformat() if after_since else None,
                "p_after_id": str(after_id) if after_id else None,
                "p_assignee": assignee,
                "p_limit": limit,
                "p_caller": caller.subject,
                "p_site": str(site) if site else None,
            },
        )
        waiters = [Session.model_validate(row) for row in page["sessions"]]
        return SessionPage(
            sessions=waiters,
            next_cursor=encode_cursor(waiters[-1], waiting=True) if page["has_more"] and waiters else None,
            waiting_count=page["waiting_count"],
        )
    if query is not None:
        after_rank, after_id = decode_search_cursor(cursor) if cursor else (None, None)
        function, position = (
            "chat_search_sessions",
            {
                "p_query": query,
                "p_after_rank": after_rank,
                "p_after_id": str(after_id) if after_id else None,
            },
        )
    else:
        before_activity, before_id = decode_cursor(cursor) if cursor else (None, None)
        function, position = (
            "chat_list_sessions",
            {
                "p_before_activity_at": before_activity.isoformat() if before_activity else None,
                "p_before_id": str(before_id) if before_id else None,
            },
        )
    page = rpc.call(
        function,
        {
            **position,
            "p_assignee": assignee,
            "p_status": status,
            "p_limit": limit,
            "p_caller": caller.subject,
            "p_site": str(site) if site else None,
        },
    )
    sessions = [Session.model_validate(row) for row in page["sessions"]]
    next_cursor = encode_cursor(sessions[-1]) if page["has_more"] and sessions else None
    return SessionPage(sessions=sessions, next_cursor=next_cursor)


def get_session(caller: Caller, session_id: UUID) -> Session:
    caller.require_chat(session_id)
    return Session.model_validate(
        rpc.call(
            "chat_get_session", {"p_id": str(session_id), "p_caller": caller.subject, "p_as_admin": caller.is_admin}
        )
    )


def close_session(caller: Caller, session_id: UUID) -> Session:
    caller.require_admin()
    return Session.model_validate(
        rpc.call("chat_close_session", {"p_id": str(session_id), "p_admin_id": caller.subject}, write=True)
    )


def reopen_session(caller: Caller, session_id: UUID) -> Session:
    caller.require_admin()
    return Session.model_validate(
        rpc.call("chat_reopen_session", {"p_id": str(session_id), "p_admin_id": caller.subject}, write=True)
    )


def note_presence(caller: Caller, request: PresenceRequest) -> CustomerPresence:
    """The customer's page is open (a beat) or closing: the dashboard's chat list shows it."""
    if caller.is_admin:
        raise Forbidden("this route is for the chat's customer")
    caller.require_chat(request.chat_id)
    presence = rpc.call(
        "chat_note_presence", {"p_chat_id": str(request.chat_id), "p_present": request.present}, write=True
    )
    return CustomerPresence(chat_id=request.chat_id, **presence)


def admin_profile(caller: Caller) -> AdminProfile:
    caller.require_admin()
    return AdminProfile.model_validate(rpc.call("chat_admin_profile", {"p_admin_id": caller.subject}))


def assign(caller: Caller, request: AssignRequest) -> Session:
    """Give a chat to an admin, or (assignee_id None) to nobody."""
    caller.require_admin()
    assigned = rpc.call(
        "chat_assign",
        {
            "p_chat_id": str(request.chat_id),
            "p_assignee_id": str(request.assignee_id) if request.assignee_id else None,
            "p_admin_id": caller.subject,
        },
        write=True,
    )
    return Session.model_validate(assigned)


def list_admins(caller: Caller) -> AdminList:
    caller.require_admin()
    return AdminList.model_validate(rpc.call("chat_list_admins", {"p_admin_id": caller.subject}))


def note_admin_online(caller: Caller, request: AdminOnlineRequest) -> AdminOnline:
    """The admin's dashboard is open (a beat) or closing: automatic assignment counts it."""
    caller.require_admin()
    return AdminOnline.model_validate(
        rpc.call("chat_admin_online", {"p_admin_id": caller.subject, "p_online": request.online}, write=True)
    )
