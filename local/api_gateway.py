"""An API Gateway emulator (as `sam local start-api`, http://localhost:3000): reads the routes
from template.yaml and invokes the real `lambda_handler`s with REST payload-v1 events."""

from __future__ import annotations

import asyncio
import base64
import importlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from local.lambda_runtime import LambdaContext, invoke, v1_event

log = logging.getLogger("local.api_gateway")

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


class _CloudFormationLoader(yaml.SafeLoader):
    """Reads short-form intrinsics (!Ref, !Sub, …) as plain values: only routes matter here."""


def _intrinsic(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    if isinstance(node, yaml.MappingNode):
        return {suffix: loader.construct_mapping(node, deep=True)}
    raise yaml.constructor.ConstructorError(None, None, f"unexpected !{suffix}", node.start_mark)


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function_name: str
    module: str
    handler_name: str


def read_template(template_path: Path = TEMPLATE) -> dict[str, Any]:
    """template.yaml as data; an intrinsic reads as {name: argument}, e.g. {"Sub": "..."}."""
    template: dict[str, Any] = yaml.load(template_path.read_text(), Loader=_CloudFormationLoader)  # noqa: S506 - SafeLoader subclass
    return template


def read_routes(template_path: Path = TEMPLATE) -> list[Route]:
    template = read_template(template_path)
    routes = []
    for name, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource["Properties"]
        module_file, handler_name = props["Handler"].rsplit(".", 1)
        package = ".".join(Path(props["CodeUri"]).parts)
        for event in (props.get("Events") or {}).values():
            if event.get("Type") == "Api":
                routes.append(
                    Route(
                        event["Properties"]["Method"].upper(),
                        event["Properties"]["Path"],
                        name,
                        f"{package}.{module_file}",
                        handler_name,
                    )
                )
    return routes


class ApiGatewayEmulator:
    def __init__(self, routes: list[Route], *, workers: int = 16) -> None:
        self.routes = {(route.method, route.path): route for route in routes}
        self.paths = {route.path for route in routes}
        self._handlers: dict[str, Callable[[dict[str, Any], Any], dict[str, Any]]] = {}
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lambda")

    def handler_for(self, route: Route) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        key = f"{route.module}:{route.handler_name}"
        if key not in self._handlers:
            self._handlers[key] = getattr(importlib.import_module(route.module), route.handler_name)
        return self._handlers[key]

    def app(self) -> web.Application:
        app = web.Application(client_max_size=10 * 1024 * 1024)  # API Gateway's payload limit
        app.router.add_route("*", "/{tail:.*}", self.invoke)
        app.on_cleanup.append(self._close)
        return app

    async def _close(self, _: web.Application) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def invoke(self, request: web.Request) -> web.Response:
        route = self.routes.get((request.method, request.path)) or self.routes.get(("ANY", request.path))
        if route is None:
            # What a REST API answers for a method or path it does not define.
            return web.json_response({"message": "Missing Authentication Token"}, status=403)
        query: dict[str, list[str]] = {}
        for key, value in request.query.items():
            query.setdefault(key, []).append(value)
        raw = await request.read()
        event = v1_event(
            request.method,
            request.path,
            query=query,
            headers=dict(request.headers),
            body=raw or None,
            resource=route.path,
            source_ip=request.remote or "127.0.0.1",
        )
        context = LambdaContext(function_name=route.function_name)
        handler = self.handler_for(route)
        try:
            result = await asyncio.get_running_loop().run_in_executor(self._executor, invoke, handler, event, context)
        except Exception:
            # A function that raises is what API Gateway reports as a bad gateway.
            log.exception("%s raised", route.function_name)
            return web.json_response({"message": "Internal server error"}, status=502)
        headers: dict[str, str] = dict(result.get("headers") or {})
        for key, values in (result.get("multiValueHeaders") or {}).items():
            headers[key] = ", ".join(values)
        body = result.get("body") or ""
        payload = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
        return web.Response(status=result.get("statusCode", 200), body=payload, headers=headers)
