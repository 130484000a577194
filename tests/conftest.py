"""Fixtures every layer that runs the stack shares: the local stack (embedded Postgres with the
real migrations, the Supabase-compatible gateway, the API Gateway emulator) started once per
test run, its admins and customers, the two APIs, and budgets changed for one test. Helpers
are in tests/support/; each layer's own fixtures in its conftest."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from local.realtime import RealtimeSettings
from local.stack import LocalStack, Ports, free_port, generate_api_keys

# The pages' origin differs from the API's, so the browser tests exercise CORS.
WEB_PORT = free_port()

# Static settings, before any handler module is imported (CORS is read at import).
TEST_ENV = {
    "PUBLIC_CHAT_URL": f"http://localhost:{WEB_PORT}/chat",
    "PUBLIC_ADMIN_URL": f"http://localhost:{WEB_PORT}/admin/",
    "CORS_ALLOWED_ORIGINS": f"http://dashboard.test,http://localhost:{WEB_PORT}",
    "POWERTOOLS_SERVICE_NAME": "chat-test",
    "POWERTOOLS_METRICS_NAMESPACE": "CustomerChatTest",
    "AWS_DEFAULT_REGION": "us-east-1",
}
os.environ.update(TEST_ENV)
for leaked in ("CHAT_SECRET_ID", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL"):
    os.environ.pop(leaked, None)

from local.admins import Role, create_admin, create_user, password_grant  # noqa: E402
from local.gotrue import IntervalLimiter  # noqa: E402
from tests.support.api import Api, Chats  # noqa: E402
from tests.support.database import Rows  # noqa: E402
from tests.support.realtime import realtime_settings  # noqa: E402
from tests.support.tokens import NEW_ADMIN_PASSWORD  # noqa: E402
from tests.support.visitors import Visitors  # noqa: E402
from tools.keys import generate_signing_jwk  # noqa: E402


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    stack = LocalStack(
        database_url=os.environ.get("TEST_DATABASE_URL") or None,
        data_dir=tmp_path_factory.mktemp("postgres") / "data",
        keys=generate_api_keys(),
        signing_jwk=generate_signing_jwk(),
        ports=Ports(gateway=free_port(), api=free_port(), web=WEB_PORT, s3=free_port()),
        delete_data_on_stop=True,
        # Production's private-only Realtime; a short subscription delay keeps the suite fast
        # (tests of that delay use the production range: `realistic_realtime_delay`).
        realtime=RealtimeSettings(postgres_changes_ready_after=(0.2, 0.4), private_only=True),
    ).start()
    # Budgets a shared test run would exhaust (every test joins and creates from 127.0.0.1);
    # the tests of the limits set their own (the `rate_limit` fixture).
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        conn.execute("update chat_private.rate_limits set max_events = 1000000")
    # A project with its own SMTP sets Auth's email budget (Auth > Rate Limits); a whole run
    # invites about 25 times, near the default 30 an hour.
    stack.gateway.auth.email_rate = IntervalLimiter(100, 3600)
    os.environ.update(
        SUPABASE_URL=stack.supabase_url,
        SUPABASE_SECRET_KEY=stack.keys.secret,
        SUPABASE_PUBLISHABLE_KEY=stack.keys.publishable,
        CHAT_SIGNING_JWK=json.dumps(stack.signing_jwk),
        PUBLIC_API_URL=stack.api_url,
        **stack.attachments_settings(),
        **stack.push_settings(),
        **stack.widget_settings(),
    )
    yield stack
    stack.stop()


ADMIN_EMAIL, ADMIN_PASSWORD = "admin@chat.test", "correct horse battery staple"


@pytest.fixture(scope="session")
def admin_credentials(local_stack: LocalStack) -> tuple[str, str]:
    """Email and password of a chat admin in the local Supabase Auth."""
    create_admin(local_stack.database_url, ADMIN_EMAIL, ADMIN_PASSWORD, "Test Admin", role="owner")
    return ADMIN_EMAIL, ADMIN_PASSWORD


@pytest.fixture(scope="session")
def admin_session(local_stack: LocalStack, admin_credentials: tuple[str, str]) -> dict[str, Any]:
    """A chat admin (an owner of the team) signed in through the local Supabase Auth (password grant)."""
    return password_grant(local_stack.supabase_url, local_stack.keys.publishable, *admin_credentials)


@pytest.fixture(scope="session")
def admin_token(admin_session: dict[str, Any]) -> str:
    return admin_session["access_token"]


@pytest.fixture(scope="session")
def non_admin_token(local_stack: LocalStack) -> str:
    """A signed-in Supabase Auth user who is not a chat admin."""
    create_user(local_stack.database_url, "someone@chat.test", "not an admin at all")
    return password_grant(
        local_stack.supabase_url, local_stack.keys.publishable, "someone@chat.test", "not an admin at all"
    )["access_token"]


@pytest.fixture
def new_admin(local_stack: LocalStack) -> Callable[..., tuple[str, str]]:
    """Adds a fresh admin to the team, signed in: new_admin(role="agent", name=..., email=...)
    gives its (user id, access token); its password is NEW_ADMIN_PASSWORD."""

    def add(role: Role = "agent", name: str = "New Colleague", email: str | None = None) -> tuple[str, str]:
        email = email or f"colleague-{uuid.uuid4().hex[:10]}@chat.test"
        create_admin(local_stack.database_url, email, NEW_ADMIN_PASSWORD, name, role)
        signed_in = password_grant(local_stack.supabase_url, local_stack.keys.publishable, email, NEW_ADMIN_PASSWORD)
        return signed_in["user"]["id"], signed_in["access_token"]

    return add


@pytest.fixture
def owners_only(db: Rows) -> Iterator[Callable[..., None]]:
    """owners_only(*user_ids): for one test those admins are the team's only owners (everyone
    else an agent); the owners come back after."""
    before = [row["user_id"] for row in db.execute("select user_id from public.chat_admins where role = 'owner'")]

    def make_owners(*user_ids: Any) -> None:
        db.execute(
            "update public.chat_admins set role = case when user_id = any(%s::uuid[]) then 'owner' else 'agent' end",
            ([str(user_id) for user_id in user_ids],),
        )

    yield make_owners
    make_owners(*before)


@pytest.fixture
def team_choice(db: Rows) -> Iterator[None]:
    """The team's settings as an owner chooses them in the test; gone after it (the deployment's
    default again)."""
    yield
    db.execute("delete from chat_private.team_settings")


@pytest.fixture(scope="session")
def second_admin_credentials(local_stack: LocalStack) -> tuple[str, str]:
    """Another chat admin of the same team ("Second Admin", an agent): its email and password."""
    credentials = ("second-admin@chat.test", "second admin password")
    create_admin(local_stack.database_url, *credentials, "Second Admin")
    return credentials


@pytest.fixture(scope="session")
def second_admin_token(local_stack: LocalStack, second_admin_credentials: tuple[str, str]) -> str:
    """Another chat admin of the same team, signed in."""
    return password_grant(local_stack.supabase_url, local_stack.keys.publishable, *second_admin_credentials)[
        "access_token"
    ]


@pytest.fixture(scope="session")
def session_api(local_stack: LocalStack, admin_token: str) -> Api:
    """/chat-session, called as the admin (use .as_(token) for anyone else)."""
    from functions.chat_session.app import lambda_handler

    return Api("/chat-session", lambda_handler, admin_token)


@pytest.fixture(scope="session")
def message_api(local_stack: LocalStack, admin_token: str) -> Api:
    """/chat-message, called as the admin (use .as_(token) for anyone else)."""
    from functions.chat_message.app import lambda_handler

    return Api("/chat-message", lambda_handler, admin_token)


@pytest.fixture(scope="session")
def db(local_stack: LocalStack) -> Iterator[Rows]:
    """A superuser connection for asserting on stored rows."""
    with psycopg.connect(local_stack.database_url, autocommit=True, row_factory=dict_row) as conn:
        yield conn


@pytest.fixture(scope="session")
def chats(session_api: Api, message_api: Api) -> Chats:
    return Chats(session_api, message_api)


@pytest.fixture(scope="session")
def visitors(session_api: Api) -> Visitors:
    """Sites (made as the owner) and their visitors' calls."""
    return Visitors(session_api)


@pytest.fixture
def site(visitors: Visitors) -> dict[str, Any]:
    """A new site on https://shop.example, with the pre-chat fields optional and no identities."""
    return visitors.site()


@pytest.fixture
def create_chat(chats: Chats) -> Any:
    return chats.create


@pytest.fixture
def chat(chats: Chats) -> dict[str, Any]:
    """An open chat session."""
    return chats.create()


@pytest.fixture
def send(chats: Chats) -> Any:
    return chats.send


@pytest.fixture
def customer_token(chats: Chats) -> Any:
    """The access token a chat's customer gets by opening its link."""
    return chats.customer_token


@pytest.fixture
def functions_deployed_with(local_stack: LocalStack) -> Iterator[Any]:
    """functions_deployed_with(NAME="value", ...): the API Gateway emulator's functions run with
    these settings for one test (as updating their configuration would), then as before."""
    yield lambda **settings: local_stack.api_gateway.redeploy(settings)
    local_stack.api_gateway.redeploy({})


@pytest.fixture
def send_rate_limit(db: Rows) -> Iterator[Any]:
    """Set the per-chat send rate limit for one test; the migration's default comes back after."""
    original = db.execute("select max_messages, per_seconds from chat_private.send_rate_limit").fetchone()

    def _set(max_messages: int, per_seconds: int) -> None:
        db.execute(
            "update chat_private.send_rate_limit set max_messages = %s, per_seconds = %s", (max_messages, per_seconds)
        )

    yield _set
    _set(original["max_messages"], original["per_seconds"])


@pytest.fixture
def rate_limit(db: Rows) -> Iterator[Any]:
    """rate_limit(action, max_events, per_seconds) for one test (chat_private.rate_limits); the
    run's generous budget comes back after, with nothing spent."""
    changed: dict[str, tuple[int, int]] = {}

    def _set(action: str, max_events: int, per_seconds: int) -> None:
        row = db.execute(
            "select max_events, per_seconds from chat_private.rate_limits where action = %s", (action,)
        ).fetchone()
        changed.setdefault(action, (row["max_events"], row["per_seconds"]))
        db.execute(
            "update chat_private.rate_limits set max_events = %s, per_seconds = %s where action = %s",
            (max_events, per_seconds, action),
        )

    yield _set
    for action, (max_events, per_seconds) in changed.items():
        db.execute(
            "update chat_private.rate_limits set max_events = %s, per_seconds = %s where action = %s",
            (max_events, per_seconds, action),
        )
    db.execute("delete from chat_private.rate_events")


@pytest.fixture
def stored_messages(db: Rows) -> Any:
    """The rows Postgres holds for a chat, in seq order."""

    def _rows(chat_id: str) -> list[dict[str, Any]]:
        return db.execute("select * from chat_messages where chat_id = %s order by seq", (chat_id,)).fetchall()

    return _rows


@pytest.fixture
def realtime_limits(local_stack: LocalStack) -> Any:
    """realtime_limits(**settings): a project's Realtime limits for the body of a `with`, counted
    from nothing and forgotten after (a 0.2 s tick, not 5 s, unless the test says otherwise)."""

    @contextlib.contextmanager
    def _limits(**changes: Any) -> Iterator[None]:
        try:
            with realtime_settings(local_stack, **{"rate_counter_tick": 0.2, **changes}):
                local_stack.reset_realtime_rates()  # the tick is read when counting starts
                yield
        finally:
            local_stack.reset_realtime_rates()

    return _limits


@pytest.fixture
def realistic_realtime_delay(local_stack: LocalStack) -> Iterator[None]:
    """Realtime's database subscription ready 1-3 s after a join, as on a hosted project."""
    with realtime_settings(local_stack, postgres_changes_ready_after=(1.0, 3.0)):
        yield


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `-n` (pytest-xdist): each file's tests run on one worker, so its module fixtures
    start once, and every browser test on the same worker, so two Chromiums never compete for
    the machine's cores. (xdist's own `--dist loadgroup` marks no longer reach pytest 9's node
    ids, so the grouping is this scheduler's scope.)"""
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]  # xdist ships no types

    class ByFileBrowserTestsTogether(LoadScopeScheduling):  # type: ignore[misc]  # untyped base, as above
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "tests/e2e" if path.startswith("tests/e2e/") else path

    return ByFileBrowserTestsTogether(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """schemathesis names each API operation's item `test[GET /path]`, but pytest 9 builds a node
    id from the function's own name, so the fuzz file's 70 items share two ids, and xdist (which
    keys the work by id) would run only one operation of each. Each id gets its operation back."""
    for item in items:
        if "[" in item.name and "[" not in item.nodeid:
            item._id = item._id.with_params(item.name.partition("[")[2].removesuffix("]"))
