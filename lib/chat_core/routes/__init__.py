"""The API's routes as Powertools Routers, one module per concern; each function's app.py joins
the ones it serves (chat_session: sessions, links, presence, team, me, push, unsubscribe,
data_rights; chat_message: messages, uploads, transcripts, notes, replies). A module whose
routes need no credential lists them in PUBLIC_ROUTES."""
