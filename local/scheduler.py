"""An EventBridge schedule invoking a function asynchronously, as AWS runs the notifier (the
Lambda developer guide: "Invoking a Lambda function asynchronously", "How Lambda handles errors
and retries with asynchronous invocation"; EventBridge's "Schedule expressions"):

- the rule fires every period whatever the previous invocation is doing, so runs overlap, up
  to the function's ReservedConcurrentExecutions; an event over it is throttled and kept,
  and tried again as capacity frees (Lambda keeps throttled events for up to 6 hours);
- each invocation runs in an execution environment of its own (a spawned interpreter with the
  function's environment from template.yaml and nothing of this process's) and is ended at
  the function's Timeout, whatever it was doing ("Task timed out");
- a function error or a timeout is retried twice (MaximumRetryAttempts' default), about 1 and
  then 2 minutes later, and then the event is dropped.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from typing import Any

from local.lambda_runtime import LambdaContext, Resources, load_handler

log = logging.getLogger("local.scheduler")

RETRY_DELAYS_S = (60.0, 120.0)  # the first retry after about a minute, the second two after


def schedule_period_s(function: dict[str, Any]) -> float:
    """The period of a function's Schedule event in template.yaml: rate(N minute|minutes|hour|hours|day|days)."""
    units = {"minute": 60, "hour": 3600, "day": 86400}
    for event in (function.get("Events") or {}).values():
        if event.get("Type") == "Schedule":
            value, unit = event["Properties"]["Schedule"].removeprefix("rate(").removesuffix(")").split()
            return float(value) * units[unit.removesuffix("s")]
    raise ValueError("the function has no rate schedule")


@dataclass
class Invocation:
    event_id: str
    attempt: int  # 0, then 1 and 2 for the retries
    started: float
    outcome: str = "running"  # running, succeeded, failed, timed out
    ended: float | None = None


@dataclass
class _Pending:
    due: float
    event: dict[str, Any]
    attempt: int = 0


def _invoke(
    module: str,
    handler_name: str,
    environment: dict[str, str],
    resources: Resources,
    event: dict[str, Any],
    context: LambdaContext,
    outcome: Connection,
) -> None:
    """The execution environment (lambda_runtime.load_handler), one event handled. The
    invocation ends when the handler returns or raises (a function error), as Lambda's does,
    whatever the process does after."""
    try:
        load_handler(module, handler_name, environment, resources)(event, context)
    except Exception:
        log.exception("the scheduled function failed")
        outcome.send("failed")
    else:
        outcome.send("succeeded")


@dataclass
class ScheduledFunction:
    module: str
    handler_name: str
    environment: dict[str, str]
    period_s: float  # the rule's rate
    timeout_s: float  # the function's Timeout
    reserved_concurrency: int  # the function's ReservedConcurrentExecutions
    resources: Resources = Resources()  # its MemorySize and EphemeralStorage
    retry_delays_s: tuple[float, ...] = RETRY_DELAYS_S
    function_name: str = "local"  # as the Lambda context names it
    invocations: list[Invocation] = field(default_factory=list)
    _pending: list[_Pending] = field(default_factory=list)
    _running: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)

    def start(self) -> ScheduledFunction:
        threading.Thread(target=self._rule, name=f"schedule-{self.module}", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()

    def fire(self) -> None:
        """One event now, as the rule's next firing would send it."""
        with self._lock:
            self._pending.append(_Pending(time.monotonic(), self._scheduled_event()))

    def _rule(self) -> None:
        next_fire = time.monotonic() + self.period_s
        while not self._stopping.wait(0.05):
            now = time.monotonic()
            if now >= next_fire:
                next_fire += self.period_s
                self.fire()
            with self._lock:
                due = [p for p in self._pending if p.due <= now]
                for pending in due:
                    if self._running >= self.reserved_concurrency:
                        break  # throttled: kept until an environment is free
                    self._pending.remove(pending)
                    self._running += 1
                    threading.Thread(target=self._run, args=(pending,), daemon=True).start()

    def _scheduled_event(self) -> dict[str, Any]:
        """What an EventBridge schedule delivers."""
        return {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": "000000000000",
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": "us-east-1",
            "resources": ["arn:aws:events:us-east-1:000000000000:rule/local-schedule"],
            "detail": {},
        }

    def _run(self, pending: _Pending) -> None:
        invocation = Invocation(pending.event["id"], pending.attempt, time.monotonic())
        with self._lock:
            self.invocations.append(invocation)
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        function = (self.module, self.handler_name, self.environment, self.resources)
        lambda_context = LambdaContext(
            function_name=self.function_name,
            memory_limit_in_mb=self.resources.memory_mb,
            timeout_ms=int(self.timeout_s * 1000),
        )
        process = context.Process(
            target=_invoke,
            args=(*function, pending.event, lambda_context, sender),
            daemon=True,
        )
        process.start()
        sender.close()  # the environment's end only: its death closes the pipe
        if not receiver.poll(self.timeout_s):
            invocation.outcome = "timed out"  # Lambda ends the invocation at the Timeout
        else:
            try:
                invocation.outcome = receiver.recv()
            except EOFError:  # the environment died (over its memory): Runtime.ExitError
                invocation.outcome = "failed"
        invocation.ended = time.monotonic()
        process.kill()  # this environment serves no other event
        process.join()
        with self._lock:
            self._running -= 1
            if invocation.outcome != "succeeded":
                if pending.attempt < len(self.retry_delays_s):
                    retry_at = time.monotonic() + self.retry_delays_s[pending.attempt]
                    self._pending.append(_Pending(retry_at, pending.event, pending.attempt + 1))
                    log.warning("%s %s; retried later", self.module, invocation.outcome)
                else:
                    log.error("%s %s after its retries; the event is dropped", self.module, invocation.outcome)
