"""Where the notifier may POST a push: a browser's push subscription names an endpoint, and a
caller chooses it, so it is read exactly as the HTTP client (requests, over urllib3) will
connect to it, and must be at one of the push services the operator allows (PUSH_SERVICES).

Parsers disagree on odd URLs: `urlsplit` reads `https://10.0.0.1\\.notify.windows.com/` as a
host under notify.windows.com, while urllib3 ends the host at the backslash and connects to
10.0.0.1. So anything two parsers could read differently is refused outright (backslashes,
userinfo, dot segments, percent-encoded dots or slashes, non-ASCII, whitespace), urllib3's
reading must agree with ours, and the port is the scheme's own unless the service names it.
Before each send the host's addresses are resolved and must all be public (`check_addresses`),
and the session never follows a redirect (`no_redirect_session`)."""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

# RFC 3986's unreserved and reserved characters and '%': nothing else may appear (no '\\', no
# space or control character, no non-ASCII).
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# A DNS name: labels of letters, digits and hyphens (no IP literal, no IDN in Unicode form).
_DNS_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*")
_DEFAULT_PORTS = {"https": 443, "http": 80}


class RefusedEndpoint(ValueError):
    """The endpoint is not one the notifier will call; the message says why."""


@dataclass(frozen=True)
class PushTarget:
    """Where an endpoint connects, as the HTTP client reads it."""

    scheme: str
    host: str
    port: int
    explicit_port: bool
    path: str


def _parse(url: str) -> PushTarget:
    if not _URL_CHARACTERS.fullmatch(url):
        raise RefusedEndpoint("only the characters a URL may hold (no backslash, space or non-ASCII)")
    try:
        parts: SplitResult = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise RefusedEndpoint("not a URL") from exc
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise RefusedEndpoint("not an http(s) URL")
    if "@" in parts.netloc:
        raise RefusedEndpoint("a user name or password in the URL")
    if parts.fragment or "#" in url:
        raise RefusedEndpoint("a fragment in the URL")
    segments = parts.path.split("/")
    if any(segment in (".", "..") for segment in segments) or re.search(r"%(2e|2f|5c)", parts.path, re.IGNORECASE):
        raise RefusedEndpoint("a dot segment or an encoded dot, slash or backslash in the path")
    host = parts.hostname  # lower-cased by urlsplit
    if not _DNS_NAME.fullmatch(host) or _is_ip_literal(host):
        raise RefusedEndpoint("the host must be a DNS name, not an IP address")
    target = PushTarget(parts.scheme, host, port or _DEFAULT_PORTS[parts.scheme], port is not None, parts.path or "/")
    _same_as_urllib3(url, target)
    return target


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        # inet_aton's forms too (`2130706433`, `0x7f.1`): a resolver would read them as addresses
        try:
            socket.inet_aton(host)
        except OSError:
            return False
    return True


def _same_as_urllib3(url: str, target: PushTarget) -> None:
    """urllib3 (what requests connects with) must read the same scheme, host and port."""
    from urllib3.util import parse_url

    try:
        theirs = parse_url(url)
    except ValueError as exc:
        raise RefusedEndpoint("not a URL the HTTP client reads") from exc
    if (theirs.scheme, (theirs.host or "").lower(), theirs.port or _DEFAULT_PORTS.get(theirs.scheme or "")) != (
        target.scheme,
        target.host,
        target.port,
    ):
        raise RefusedEndpoint("the HTTP client would connect somewhere else than the URL says")


def check_endpoint(endpoint: str, services: tuple[str, ...]) -> PushTarget:
    """Where `endpoint` connects, as the HTTP client reads it; RefusedEndpoint unless it is at
    one of `services` (URL prefixes; a "*." host stands for any subdomain): same scheme, host
    and port (the scheme's own unless the service names one), and a path under the service's."""
    target = _parse(endpoint)
    for service in services:
        allowed = urlsplit(service)
        allowed_host = allowed.hostname or ""
        if allowed_host.startswith("*."):
            host_matches = target.host.endswith(allowed_host[1:]) and len(target.host) > len(allowed_host) - 1
        else:
            host_matches = target.host == allowed_host
        allowed_port = allowed.port or _DEFAULT_PORTS.get(allowed.scheme, 0)
        if (
            target.scheme == allowed.scheme
            and host_matches
            and target.port == allowed_port
            and target.path.startswith(allowed.path or "/")
        ):
            return target
    raise RefusedEndpoint("not a push service this API sends to")


def check_addresses(target: PushTarget, private_allowed: bool = False) -> None:
    """Raise RefusedEndpoint unless every address the target's host (check_endpoint's answer)
    resolves to is public (not loopback, private, link-local such as 169.254.169.254, shared,
    reserved or multicast). `private_allowed` is for the local stack only, whose push service
    is on loopback."""
    try:
        resolved = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RefusedEndpoint(f"{target.host} does not resolve") from exc
    for *_, address in resolved:
        ip = ipaddress.ip_address(address[0])
        if not (ip.is_global or private_allowed):
            raise RefusedEndpoint(f"{target.host} resolves to an address that is not public")


def no_redirect_session() -> Any:
    """A requests session that answers a redirect with the redirect itself (the push then
    fails as any other non-2xx answer), never following it somewhere else."""
    import requests

    class _NoRedirects(requests.Session):
        def request(self, *args: Any, **kwargs: Any) -> requests.Response:
            kwargs["allow_redirects"] = False
            return super().request(*args, **kwargs)

    session = _NoRedirects()
    session.trust_env = False  # no proxy from the environment either: the check above is where we connect
    return session
