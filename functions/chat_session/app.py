"""chat-session (the seed's function of that name): everything about a chat as a whole. Its
routes live in chat_core.routes by concern: sessions (list, search, get, create, close, reopen,
assign), links (join, token renewal, show, rotate), presence (a customer's page, an admin's
dashboard), team (admins, invitations, changes), me (profile, notification choices), push
(this browser's subscription), unsubscribe (an email's token) and data_rights (bulk export, a
customer's data: export and erasure), sites (the widget's websites) and visitors (a site's
visitors start and resume chats)."""

from __future__ import annotations

from chat_core.http import create_app, lambda_entry
from chat_core.routes import data_rights, links, me, presence, push, sessions, sites, team, unsubscribe, visitors

CONCERNS = (sessions, links, presence, team, me, push, unsubscribe, data_rights, sites, visitors)

app = create_app(public_routes=links.PUBLIC_ROUTES | unsubscribe.PUBLIC_ROUTES | visitors.PUBLIC_ROUTES)
for concern in CONCERNS:
    app.include_router(concern.router)

lambda_handler = lambda_entry(app)
