"""An API Gateway emulator (as `sam local start-api`, http://localhost:3000): reads the routes
from template.yaml and invokes the real `lambda_handler`s with REST payload-v1 events.

Each function runs in up to `instances` worker processes, each serving one request at a time
with its own module state (the Supabase client, the JWKS cache), as Lambda runs concurrent
requests in separate execution environments; a new worker starts (imports the handler) when
all are busy, as a cold start does. `redeploy` gives the functions new settings, as updating a
function's configuration does: later requests run in new environments."""

from __future__ import annotations

import asyncio
import base64
import logging
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from local.lambda_runtime import Handler, LambdaContext, Resources, invoke, load_handler, v1_event

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


# "Length, in characters, of the URL for a regional API: 10240" (API Gateway's quotas for REST
# APIs; template.yaml's API is REGIONAL); a longer one is answered 414 Request URI too long.
MAX_URL_CHARACTERS = 10240
DEPLOYED_URL_PREFIX = "https://abcdefghij.execute-api.us-east-1.amazonaws.com/Prod"  # counted too
REQUEST_LINE_LIMIT = web.AppKey("request_line_limit", int)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function_name: str
    module: str
    handler_name: str
    timeout_seconds: float = 3.0  # the function's Timeout (Lambda's default: 3 s)
    resources: Resources = Resources()  # its MemorySize and EphemeralStorage


@dataclass(frozen=True)
class StageLimits:
    """What API Gateway applies before a function runs, from template.yaml: the stage's
    throttle (a token bucket: `rate` a second, `burst` at once) and the integration timeout
    (29 s for a REST API: the "API Gateway quotas" page), and the headers the template's
    GatewayResponses add to API Gateway's own answers (CORS, so a browser can read them)."""

    rate: float = 10_000.0  # an account's default
    burst: int = 5_000
    integration_timeout_seconds: float = 29.0
    gateway_response_headers: dict[str, str] | None = None


def _quoted(value: str) -> str:
    """A GatewayResponses header value is a quoted literal ("'*'") or a mapping expression."""
    if not (value.startswith("'") and value.endswith("'")):
        raise ValueError(f"only literal gateway response headers are imitated here: {value}")
    return value[1:-1]


def read_stage_limits(template_path: Path = TEMPLATE) -> StageLimits:
    template = read_template(template_path)
    apis = [r["Properties"] for r in template["Resources"].values() if r.get("Type") == "AWS::Serverless::Api"]
    throttle: dict[str, Any] = next(
        (s for api in apis for s in api.get("MethodSettings", []) if "ThrottlingRateLimit" in s), {}
    )
    responses: dict[str, Any] = next((api["GatewayResponses"] for api in apis if "GatewayResponses" in api), {})
    default_headers = (responses.get("DEFAULT_4XX") or {}).get("ResponseParameters", {}).get("Headers", {})
    return StageLimits(
        rate=float(throttle.get("ThrottlingRateLimit", StageLimits.rate)),
        burst=int(throttle.get("ThrottlingBurstLimit", StageLimits.burst)),
        gateway_response_headers={name: _quoted(value) for name, value in default_headers.items()},
    )


def read_template(template_path: Path = TEMPLATE) -> dict[str, Any]:
    """template.yaml as data; an intrinsic reads as {name: argument}, e.g. {"Sub": "..."}."""
    template: dict[str, Any] = yaml.load(template_path.read_text(), Loader=_CloudFormationLoader)  # noqa: S506 - SafeLoader subclass
    return template


def function_properties(template: dict[str, Any], name: str) -> dict[str, Any]:
    """A function's properties as deployed: Globals' Function section under its own."""
    defaults = (template.get("Globals") or {}).get("Function") or {}
    return {**defaults, **template["Resources"][name]["Properties"]}


def handler_location(props: dict[str, Any]) -> tuple[str, str]:
    """(module, handler name) of a function's Handler, importable from the repository's root."""
    module_file, handler_name = props["Handler"].rsplit(".", 1)
    return ".".join((*Path(props["CodeUri"]).parts, module_file)), handler_name


def read_routes(template_path: Path = TEMPLATE) -> list[Route]:
    template = read_template(template_path)
    routes = []
    for name, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = function_properties(template, name)
        module, handler_name = handler_location(props)
        for event in (props.get("Events") or {}).values():
            if event.get("Type") == "Api":
                routes.append(
                    Route(
                        event["Properties"]["Method"].upper(),
                        event["Properties"]["Path"],
                        name,
                        module,
                        handler_name,
                        float(props.get("Timeout", Route.timeout_seconds)),
                        function_resources(props),
                    )
                )
    return routes


def function_resources(props: dict[str, Any]) -> Resources:
    """A function's MemorySize and EphemeralStorage from its properties (Globals merged in)."""
    return Resources(
        memory_mb=int(props.get("MemorySize", Resources.memory_mb)),
        ephemeral_mb=int((props.get("EphemeralStorage") or {}).get("Size", Resources.ephemeral_mb)),
    )


_handler: Handler | None = None  # in a worker process: the function it serves


def _load_handler(module: str, handler_name: str, environment: dict[str, str], resources: Resources) -> None:
    global _handler
    # The function's environment and nothing else (a spawned worker inherits this process's).
    _handler = load_handler(module, handler_name, environment, resources)


def _run(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if _handler is None:
        raise RuntimeError("the worker has no handler (the pool's initializer sets it)")
    return invoke(_handler, event, context)


class ApiGatewayEmulator:
    def __init__(
        self,
        routes: list[Route],
        environment_of: Callable[[str], dict[str, str]],
        *,
        instances: int = 4,
        limits: StageLimits | None = None,
    ) -> None:
        """`environment_of(function name)`: the function's environment as deployed
        (local.function_environment, from template.yaml), never this process's; `limits`: the
        stage's (read_stage_limits)."""
        self.limits = limits or StageLimits()
        self._tokens, self._refilled = float(self.limits.burst), time.monotonic()
        self.routes = {(route.method, route.path): route for route in routes}
        self.paths = {route.path for route in routes}
        self.instances = instances
        self.environment_of = environment_of
        self.environment: dict[str, str] = {}  # settings given by redeploy, over the deployed ones
        self._functions: dict[str, ProcessPoolExecutor] = {}

    def function(self, route: Route) -> ProcessPoolExecutor:
        """The function's execution environments, started on its first request with its
        deployed environment and any redeploy's settings over it."""
        if route.function_name not in self._functions:
            environment = {**self.environment_of(route.function_name), **self.environment}
            self._functions[route.function_name] = ProcessPoolExecutor(
                max_workers=self.instances,
                # spawn: a fresh interpreter per environment, never a fork of this threaded process
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_load_handler,
                initargs=(route.module, route.handler_name, environment, route.resources),
            )
        return self._functions[route.function_name]

    def redeploy(self, environment: dict[str, str]) -> None:
        """New settings for every function, over their deployed environment (as updating a
        function's configuration would); the running environments finish what they serve and
        are replaced."""
        self.environment = environment
        functions, self._functions = self._functions, {}
        for environments in functions.values():
            environments.shutdown(wait=False)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=10 * 1024 * 1024)  # API Gateway's payload limit
        app[REQUEST_LINE_LIMIT] = MAX_URL_CHARACTERS + 64  # the method and protocol around the URL
        app.router.add_route("*", "/{tail:.*}", self.invoke)
        app.on_cleanup.append(self._close)
        return app

    async def _close(self, _: web.Application) -> None:
        for environments in self._functions.values():
            environments.shutdown(wait=False, cancel_futures=True)

    def _gateway_response(self, status: int, message: str) -> web.Response:
        """An answer API Gateway gives itself, with the headers GatewayResponses add to it."""
        return web.json_response({"message": message}, status=status, headers=self.limits.gateway_response_headers)

    def _throttled(self) -> bool:
        """The stage's token bucket: refilled at `rate` a second up to `burst`."""
        now = time.monotonic()
        self._tokens = min(self.limits.burst, self._tokens + (now - self._refilled) * self.limits.rate)
        self._refilled = now
        if self._tokens < 1:
            return True
        self._tokens -= 1
        return False

    async def invoke(self, request: web.Request) -> web.Response:
        if len(DEPLOYED_URL_PREFIX) + len(request.raw_path) > MAX_URL_CHARACTERS:
            return self._gateway_response(414, "Request-URI Too Long")
        route = self.routes.get((request.method, request.path)) or self.routes.get(("ANY", request.path))
        if route is None:
            # What a REST API answers for a method or path it does not define.
            return self._gateway_response(403, "Missing Authentication Token")
        if self._throttled():
            return self._gateway_response(429, "Too Many Requests")
        query: dict[str, list[str]] = {}
        for key, value in request.query.items():
            query.setdefault(key, []).append(value)
        request_headers: dict[str, list[str]] = {}
        for key, value in request.headers.items():
            request_headers.setdefault(key, []).append(value)
        raw = await request.read()
        event = v1_event(
            request.method,
            request.path,
            query=query,
            headers=request_headers,
            body=raw or None,
            resource=route.path,
            source_ip=request.remote or "127.0.0.1",
        )
        context = LambdaContext(
            function_name=route.function_name,
            memory_limit_in_mb=route.resources.memory_mb,
            timeout_ms=int(route.timeout_seconds * 1000),
        )
        running = asyncio.get_running_loop().run_in_executor(self.function(route), _run, event, context)
        integration_timeout = self.limits.integration_timeout_seconds
        try:
            result = await asyncio.wait_for(running, timeout=min(route.timeout_seconds, integration_timeout))
        except TimeoutError:
            if route.timeout_seconds < integration_timeout:
                # Lambda ends the invocation at the function's Timeout ("Task timed out"), an
                # error API Gateway reports as a bad gateway. (Lambda also discards that
                # environment; here the worker finishes what it was doing.)
                log.warning("%s timed out after %s s", route.function_name, route.timeout_seconds)
                return self._gateway_response(502, "Internal server error")
            return self._gateway_response(504, "Endpoint request timed out")
        except BrokenProcessPool:
            # An environment that died (over its memory): Lambda's Runtime.ExitError, a bad
            # gateway; the next request gets new environments.
            log.warning("%s: an execution environment exited", route.function_name)
            self._functions.pop(route.function_name, None)
            return self._gateway_response(502, "Internal server error")
        except Exception:
            # A function that raises (or answers more than 6 MB) is what API Gateway reports as a bad gateway.
            log.exception("%s raised", route.function_name)
            return self._gateway_response(502, "Internal server error")
        headers: dict[str, str] = dict(result.get("headers") or {})
        for key, values in (result.get("multiValueHeaders") or {}).items():
            headers[key] = ", ".join(values)
        body = result.get("body") or ""
        payload = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
        return web.Response(status=result.get("statusCode", 200), body=payload, headers=headers)
