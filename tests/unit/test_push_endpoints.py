"""Push endpoints (issue 35, item 1): a caller-chosen URL is read as the HTTP client will
connect to it, and must be at an allowed push service; each bypass the probes found is refused."""

from __future__ import annotations

import pytest
from chat_core.config import DEFAULT_PUSH_SERVICES
from chat_core.push_endpoints import RefusedEndpoint, check_addresses, check_endpoint

REAL_ENDPOINTS = [
    "https://fcm.googleapis.com/fcm/send/cDx3Ah:APA91bH",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABl",
    "https://web.push.apple.com/QGhm3R8",
    "https://db5p.notify.windows.com/w/?token=BQYAAAB",
    "https://fcm.googleapis.com:443/fcm/send/explicit-default-port",
]

BYPASSES = {
    "backslash ends urllib3's host": "https://169.254.169.254\\.notify.windows.com/w/?token=x",
    "dot segments climb out of the service's path": "https://fcm.googleapis.com/fcm/send/../../../rest/v1/rpc/x",
    "a dot segment at the root": "https://fcm.googleapis.com/../x",
    "an encoded dot segment": "https://fcm.googleapis.com/fcm/send/%2e%2e/%2E%2E/x",
    "an encoded slash": "https://fcm.googleapis.com/fcm/send/..%2fx",
    "a port other than 443": "https://fcm.googleapis.com:8443/fcm/send/x",
    "a port other than 443 under a wildcard": "https://db5p.notify.windows.com:8443/w/?token=x",
    "userinfo before the host": "https://fcm.googleapis.com@169.254.169.254/fcm/send/x",
    "userinfo under a wildcard": "https://x:y@a.notify.windows.com/w/",
    "an IP address": "https://169.254.169.254/fcm/send/x",
    "an IPv6 address": "https://[::1]/fcm/send/x",
    "a decimal IPv4 address": "https://2130706433/fcm/send/x",
    "non-ASCII host": "https://fcm.googleapis.com\u3002evil.test/fcm/send/x",
    "non-ASCII look-alike under a wildcard": "https://a.notify.windows.c\u043em/w/",
    "whitespace": "https://fcm.googleapis.com /fcm/send/x",
    "a tab inside the host": "https://fcm.google\tapis.com/fcm/send/x",
    "plain http": "http://fcm.googleapis.com/fcm/send/x",
    "a look-alike suffix": "https://evilnotify.windows.com/w/",
    "the wildcard's own domain": "https://notify.windows.com/w/",
    "a fragment": "https://fcm.googleapis.com/fcm/send/x#y",
}


@pytest.mark.parametrize("endpoint", REAL_ENDPOINTS)
def test_browsers_real_push_endpoints_are_accepted(endpoint):
    # Given the default push services, When a browser's real endpoint is checked, Then it passes
    check_endpoint(endpoint, DEFAULT_PUSH_SERVICES)


@pytest.mark.parametrize("endpoint", BYPASSES.values(), ids=BYPASSES.keys())
def test_each_way_around_the_push_service_list_is_refused(endpoint):
    # Given the default push services, When a crafted endpoint is checked, Then it is refused
    with pytest.raises(RefusedEndpoint):
        check_endpoint(endpoint, DEFAULT_PUSH_SERVICES)


def test_an_explicit_port_passes_only_where_the_service_names_it():
    # Given a push service configured with its port (the local stack's)
    services = ("http://localhost:8123/local/push/send/",)

    # Then that port passes, and the same host on another port or the scheme's default does not
    check_endpoint("http://localhost:8123/local/push/send/abc", services)
    for other in ("http://localhost:8124/local/push/send/abc", "http://localhost/local/push/send/abc"):
        with pytest.raises(RefusedEndpoint):
            check_endpoint(other, services)


def test_a_host_that_resolves_to_loopback_is_refused_before_any_connection():
    # Given an allowed endpoint whose host resolves to 127.0.0.1
    endpoint = check_endpoint("http://localhost:9/local/push/send/abc", ("http://localhost:9/local/push/send/",))

    # Then the address check refuses it, unless private addresses are allowed (the local stack)
    with pytest.raises(RefusedEndpoint, match="not public"):
        check_addresses(endpoint)
    check_addresses(endpoint, private_allowed=True)
