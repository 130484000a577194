"""An error a local server answers with a JSON body, in the shape of the service it emulates."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler


class JsonError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body)
        self.status, self.body = status, body


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except JsonError as exc:
        return web.json_response(exc.body, status=exc.status)
