"""The notifier's schedule as AWS runs it (local/scheduler.py): EventBridge fires whatever the
last run is doing, Lambda runs the event asynchronously in an environment of its own, ends it
at the function's Timeout, and retries a failed or timed-out event twice. The scheduler that
came before ran passes one after another in a thread of the stack, with the stack's own
environment: none of these held there."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from local.lambda_runtime import Resources
from local.scheduler import ScheduledFunction

MODULE = "tests.integration.scheduled_function"


@pytest.fixture
def schedule(tmp_path):
    """schedule(**settings) -> (ScheduledFunction started, the lines its runs wrote); stopped after."""
    started: list[ScheduledFunction] = []
    probe = tmp_path / "probe.txt"
    probe.touch()

    def _schedule(environment: dict[str, str], **settings) -> tuple[ScheduledFunction, Callable[[], list[str]]]:
        scheduled = ScheduledFunction(MODULE, "handler", {"PROBE_FILE": str(probe), **environment}, **settings).start()
        started.append(scheduled)
        return scheduled, lambda: probe.read_text().split()

    yield _schedule
    for scheduled in started:
        scheduled.stop()


def _wait_until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the scheduled runs did not get there"
        time.sleep(0.05)


def test_runs_overlap_up_to_the_reserved_concurrency(schedule):
    # Given a function that takes longer than its schedule's period, 2 environments reserved
    scheduled, _ = schedule({"SLEEP_S": "1.5"}, period_s=0.3, timeout_s=10, reserved_concurrency=2)

    # When the schedule has fired several times
    _wait_until(lambda: len([i for i in scheduled.invocations if i.ended]) >= 3)
    scheduled.stop()

    # Then runs overlapped, never more than two at once
    spans = [(i.started, i.ended or time.monotonic()) for i in scheduled.invocations]
    at_once = max(sum(1 for s, e in spans if s <= start < e) for start, _ in spans)
    assert at_once == 2


def test_a_run_past_the_timeout_is_ended_and_retried_twice(schedule):
    # Given a function whose run takes longer than its Timeout
    scheduled, probe = schedule(
        {"SLEEP_S": "30"}, period_s=30, timeout_s=1.0, reserved_concurrency=1, retry_delays_s=(0.2, 0.2)
    )
    scheduled.fire()

    # When the first event has been tried three times
    _wait_until(lambda: len([i for i in scheduled.invocations if i.ended]) >= 3)

    # Then each try was ended at the Timeout, mid-run, and the same event was tried again
    first = [i for i in scheduled.invocations if i.event_id == scheduled.invocations[0].event_id]
    assert [(i.attempt, i.outcome) for i in first] == [(0, "timed out"), (1, "timed out"), (2, "timed out")]
    assert all(i.ended - i.started < 5 for i in first)
    assert f"end {first[0].event_id}" not in " ".join(probe())


def test_a_failed_run_is_retried_twice_then_dropped(schedule):
    # Given a function that fails
    scheduled, _ = schedule({"FAIL": "1"}, period_s=30, timeout_s=10, reserved_concurrency=1, retry_delays_s=(0.2, 0.2))
    scheduled.fire()

    # When its event has been through its retries
    _wait_until(lambda: len([i for i in scheduled.invocations if i.ended]) >= 3)
    time.sleep(0.6)

    # Then it ran three times in all, and no more
    assert [(i.attempt, i.outcome) for i in scheduled.invocations] == [(0, "failed"), (1, "failed"), (2, "failed")]


def test_each_run_has_the_functions_environment_and_nothing_of_the_stacks(schedule, monkeypatch):
    # Given a variable in the process that runs the stack, not in the function's environment
    monkeypatch.setenv("FAIL", "1")

    # When the schedule runs the function
    scheduled, probe = schedule({}, period_s=30, timeout_s=10, reserved_concurrency=1)
    scheduled.fire()
    _wait_until(lambda: scheduled.invocations and scheduled.invocations[0].ended)

    # Then the run never saw it (it would have failed)
    assert scheduled.invocations[0].outcome == "succeeded"
    assert probe()[-2:] == ["end", scheduled.invocations[0].event_id]


def test_a_run_over_the_functions_memory_is_stopped_and_retried(schedule):
    # Given a function of 200 MB whose run holds 300 MB
    scheduled, probe = schedule(
        {"HOLD_MB": "300"},
        period_s=30,
        timeout_s=20,
        reserved_concurrency=1,
        retry_delays_s=(0.2, 0.2),
        resources=Resources(memory_mb=200),
    )
    scheduled.fire()

    # When its event has been through its retries
    _wait_until(lambda: len([i for i in scheduled.invocations if i.ended]) >= 3)

    # Then each run was stopped (a failure, well before the Timeout) and never finished
    assert [(i.attempt, i.outcome) for i in scheduled.invocations] == [(0, "failed"), (1, "failed"), (2, "failed")]
    assert all(i.ended - i.started < 15 for i in scheduled.invocations)
    assert "end" not in probe()
