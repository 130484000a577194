"""chat-message (the seed's function of that name): what happens inside one chat. Its routes
live in chat_core.routes by concern: messages (fetch, send, mark read), uploads (attachments:
upload ticket, download link), transcripts, notes (the team's private notes) and replies (saved
replies)."""

from __future__ import annotations

from chat_core.http import create_app, lambda_entry
from chat_core.routes import messages, notes, replies, transcripts, uploads

CONCERNS = (messages, uploads, transcripts, notes, replies)

app = create_app()
for concern in CONCERNS:
    app.include_router(concern.router)

lambda_handler = lambda_entry(app)
