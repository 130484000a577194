"""chat-session: create, list, get and close chat sessions (the seed's chat-session function),
plus the customer's join and the admin's link rotation."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query
from chat_core import data_rights, sessions, subscriptions, team, transcripts
from chat_core.http import BEARER, caller, create_app, lambda_entry, responses
from chat_core.models import (
    MAX_PAGE_SIZE,
    PUSH_ENDPOINT_BOUNDS,
    AdminList,
    AdminOnline,
    AdminOnlineRequest,
    AdminPreferences,
    AdminProfile,
    AssigneeFilter,
    AssignRequest,
    BulkExportRequest,
    ChatReference,
    CreateSessionRequest,
    CustomerDataRequest,
    CustomerPresence,
    EmailSubscription,
    EmailSubscriptionChange,
    Erasure,
    Invitation,
    InviteRequest,
    JoinedSession,
    JoinRequest,
    PresenceRequest,
    PushSubscriptionDeleted,
    PushSubscriptionRequest,
    PushSubscriptionSaved,
    SessionEnvelope,
    SessionPage,
    SessionStatus,
    SessionWithLink,
    Team,
    TeamMember,
    TeamMemberUpdate,
    TranscriptFile,
)

JOIN = ("POST", "/chat-session/join")
UNSUBSCRIBE = "/chat-session/unsubscribe"
SEARCH_HELP = "Search: a customer's name or email, or words in a chat's messages"
UnsubscribeToken = Annotated[str, Query(min_length=40, max_length=300, description="From the email's unsubscribe link")]
# A customer joins with the link's token, and an email's recipient unsubscribes with the
# email's token: each is its own credential.
app = create_app(public_routes={JOIN, ("GET", UNSUBSCRIBE), ("POST", UNSUBSCRIBE)})


@app.get(
    "/chat-session",
    summary="List sessions (admin), or get one with ?id=",
    security=BEARER,
    responses=responses({200: (SessionPage | SessionEnvelope, "A page of sessions, or with ?id= that one session")}),
)
def list_or_get_sessions(
    id: Annotated[UUID | None, Query(description="Get this one session")] = None,
    status: Annotated[SessionStatus | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description=SEARCH_HELP)] = None,
    assignee: Annotated[AssigneeFilter | None, Query(description="me: the caller's chats; none: nobody's")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> SessionPage | SessionEnvelope:
    if id is not None:
        return SessionEnvelope(session=sessions.get_session(caller(app), id))
    return sessions.list_sessions(caller(app), status, cursor, limit, q, assignee)


@app.post(
    "/chat-session/assign",
    summary="Give a chat to an admin, or to nobody (admin)",
    security=BEARER,
    responses=responses({200: (SessionEnvelope, "The session, with its assignee")}),
)
def assign(request: AssignRequest) -> SessionEnvelope:
    return SessionEnvelope(session=sessions.assign(caller(app), request))


@app.post(
    "/chat-session/online",
    summary="The signed-in admin's dashboard is open (every 60 s) or closing (admin)",
    security=BEARER,
    responses=responses({200: (AdminOnline, "As noted")}),
)
def note_admin_online(request: AdminOnlineRequest) -> AdminOnline:
    return sessions.note_admin_online(caller(app), request)


@app.get(
    "/chat-session/admins",
    summary="The team: every chat admin (admin)",
    security=BEARER,
    responses=responses({200: (AdminList, "Every admin's id and display name")}),
)
def list_admins() -> AdminList:
    return sessions.list_admins(caller(app))


@app.get(
    "/chat-session/team",
    summary="The team with emails, roles and status, and invitations not sent (owner)",
    security=BEARER,
    responses=responses({200: (Team, "Every admin, active ones first")}),
)
def list_team() -> Team:
    return team.list_team(caller(app))


@app.post(
    "/chat-session/team",
    status_code=201,
    summary="Invite an admin by email, through Supabase Auth (owner)",
    security=BEARER,
    responses=responses({201: (Invitation, "Invited (emailed), or made an admin at once if already a user")}),
)
def invite_admin(request: InviteRequest) -> Invitation:
    return team.invite(caller(app), request)


@app.patch(
    "/chat-session/team",
    summary="Rename an admin, change its role, deactivate or reactivate it (owner)",
    security=BEARER,
    responses=responses({200: (TeamMember, "The admin as changed")}),
)
def update_admin(request: TeamMemberUpdate) -> TeamMember:
    return team.update_member(caller(app), request)


@app.get(
    "/chat-session/me",
    summary="The signed-in admin's profile (admin)",
    security=BEARER,
    responses=responses({200: (AdminProfile, "The calling admin")}),
)
def me() -> AdminProfile:
    return sessions.admin_profile(caller(app))


@app.patch(
    "/chat-session/me",
    summary="The signed-in admin's notification choices (admin)",
    security=BEARER,
    responses=responses({200: (AdminProfile, "The calling admin, as changed")}),
)
def set_preferences(request: AdminPreferences) -> AdminProfile:
    return subscriptions.set_admin_preferences(caller(app), request)


@app.post(
    "/chat-session/export",
    summary="Every chat created in a date range, with its messages, as NDJSON or CSV (admin)",
    description="Written to S3 as it is read (a page at a time), and returned as a 5-minute link.",
    security=BEARER,
    responses=responses({200: (TranscriptFile, "The export, ready to download")}),
)
def bulk_export(request: BulkExportRequest) -> TranscriptFile:
    return transcripts.bulk_export(caller(app), request, app.lambda_context.get_remaining_time_in_millis())


@app.post(
    "/chat-session/customer-data",
    summary="Everything stored about one customer email, across its chats, as one JSON file (owner)",
    security=BEARER,
    responses=responses({200: (TranscriptFile, "Written to S3: a 5-minute link to it")}),
)
def export_customer_data(request: CustomerDataRequest) -> TranscriptFile:
    return data_rights.export_customer(caller(app), request)


@app.post(
    "/chat-session/customer-data/erase",
    summary="Erase everything stored about one customer email: its chats, messages, notes and files (owner)",
    description="Cannot be undone. Leaves an audit record: who, when, how many rows and files; no content.",
    security=BEARER,
    responses=responses({200: (Erasure, "Erased: how much")}),
)
def erase_customer_data(request: CustomerDataRequest) -> Erasure:
    return data_rights.erase_customer(caller(app), request)


@app.post(
    "/chat-session/push-subscriptions",
    status_code=201,
    summary="This browser gets web pushes: an admin's about its chats, a customer's about its chat",
    security=BEARER,
    responses=responses({201: (PushSubscriptionSaved, "Saved (the same endpoint again replaces it)")}),
)
def save_push_subscription(request: PushSubscriptionRequest) -> PushSubscriptionSaved:
    return subscriptions.save_push_subscription(caller(app), request)


@app.delete(
    "/chat-session/push-subscriptions",
    summary="This browser stops getting web pushes (the caller's own subscription only)",
    security=BEARER,
    responses=responses({200: (PushSubscriptionDeleted, "Deleted, or there was none")}),
)
def delete_push_subscription(
    endpoint: Annotated[
        str,
        Query(**PUSH_ENDPOINT_BOUNDS, description="The subscription's endpoint"),
    ],
) -> PushSubscriptionDeleted:
    return subscriptions.delete_push_subscription(caller(app), endpoint)


@app.get(
    UNSUBSCRIBE,
    summary="Whether an email's recipient still gets such emails (the email's token)",
    responses=responses({200: (EmailSubscription, "How the emails stand")}),
)
def email_subscription(token: UnsubscribeToken) -> EmailSubscription:
    return subscriptions.email_subscription(token)


@app.post(
    UNSUBSCRIBE,
    summary="Stop (or restart) emails: a customer's about its chat, an admin's about every chat (the email's token)",
    description=(
        "The URI of the emails' List-Unsubscribe header: a mail client's one-click POST "
        '(RFC 8058, the form List-Unsubscribe=One-Click) is read as {"subscribed": false}.'
    ),
    responses=responses({200: (EmailSubscription, "How the emails stand now")}),
)
def change_email_subscription(request: EmailSubscriptionChange, token: UnsubscribeToken) -> EmailSubscription:
    return subscriptions.email_subscription(token, request)


@app.post(
    "/chat-session",
    status_code=201,
    summary="Create a session and its customer link (admin)",
    security=BEARER,
    responses=responses({201: (SessionWithLink, "Created, with the customer's link")}),
)
def create_session(request: CreateSessionRequest) -> SessionWithLink:
    return sessions.create_session(caller(app), request)


@app.delete(
    "/chat-session",
    summary="Close a session (admin; idempotent; messages are kept)",
    security=BEARER,
    responses=responses({200: (SessionEnvelope, "The session, closed")}),
)
def close_session(id: Annotated[UUID, Query()]) -> SessionEnvelope:
    return SessionEnvelope(session=sessions.close_session(caller(app), id))


@app.post(
    "/chat-session/reopen",
    summary="Reopen a closed session: its customer may write again (admin; idempotent)",
    security=BEARER,
    responses=responses({200: (SessionEnvelope, "The session, open")}),
)
def reopen_session(request: ChatReference) -> SessionEnvelope:
    return SessionEnvelope(session=sessions.reopen_session(caller(app), request.chat_id))


@app.get(
    "/chat-session/link",
    summary="Show the chat's current link again, without changing it (admin)",
    security=BEARER,
    responses=responses({200: (SessionWithLink, "The session with its current link")}),
)
def current_link(id: Annotated[UUID, Query()]) -> SessionWithLink:
    return sessions.current_link(caller(app), id)


@app.post(
    "/chat-session/rotate-link",
    summary="Issue a new customer link; the old one stops working (admin)",
    security=BEARER,
    responses=responses({200: (SessionWithLink, "The session with its new link")}),
)
def rotate_link(request: ChatReference) -> SessionWithLink:
    return sessions.rotate_link(caller(app), request.chat_id)


@app.post(
    JOIN[1],
    summary="Exchange a link's token for a customer access token",
    responses=responses({200: (JoinedSession, "A short-lived token for this one chat")}),
)
def join(request: JoinRequest) -> JoinedSession:
    return sessions.join_chat(request, app.current_event.request_context.identity.source_ip)


@app.post(
    "/chat-session/token",
    summary="Renew a customer's access token with the token itself, while its link is current (customer)",
    description="An open chat page renews here before its token expires, without joining again.",
    security=BEARER,
    responses=responses({200: (JoinedSession, "A fresh short-lived token for this one chat")}),
)
def renew_token() -> JoinedSession:
    return sessions.renew_customer_token(caller(app))


@app.post(
    "/chat-session/presence",
    summary="The customer's page is open (every 60 s) or closing (customer)",
    security=BEARER,
    responses=responses({200: (CustomerPresence, "The customer's presence as admins now see it")}),
)
def note_presence(request: PresenceRequest) -> CustomerPresence:
    return sessions.note_presence(caller(app), request)


lambda_handler = lambda_entry(app)
