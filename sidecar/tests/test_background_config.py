"""The background's settings come from the environment and are checked at start-up: a bad value
stops `wahook serve` and `wahook worker` with a message naming the variable."""

from __future__ import annotations

import pytest

from wahook.cli import main
from wahook.config import ConfigError
from wahook.work.runtime import Background


def test_defaults_without_any_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WAHOOK_WORKER_CONCURRENCY", "WAHOOK_POLL_MS", "WA_MARK_READ", "WA_SENDS_PER_SECOND"):
        monkeypatch.delenv(name, raising=False)
    background = Background.from_env()
    assert background.agent.agent == "echo"
    assert (background.worker.concurrency, background.worker.mark_read) == (32, False)
    assert background.sends_per_second == 80


def test_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAHOOK_WORKER_CONCURRENCY", "9")
    monkeypatch.setenv("WAHOOK_POLL_MS", "250")
    monkeypatch.setenv("WAHOOK_SHUTDOWN_GRACE_SECONDS", "45")
    monkeypatch.setenv("WA_MARK_READ", "1")
    monkeypatch.setenv("WA_TYPING_INDICATOR", "1")
    monkeypatch.setenv("WA_SENDS_PER_SECOND", "20")
    background = Background.from_env()
    assert background.worker.concurrency == 9
    assert background.worker.poll_seconds == 0.25
    assert background.worker.grace_seconds == 45
    assert background.worker.mark_read is True
    assert background.worker.typing_indicator is True
    assert background.sends_per_second == 20


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WAHOOK_WORKER_CONCURRENCY", "0"),
        ("WAHOOK_POLL_MS", "fast"),
        ("WAHOOK_LEASE_SECONDS", "-5"),
        ("WA_SENDS_PER_SECOND", "0.5"),
        ("WAHOOK_AGENT", "gpt"),
    ],
)
def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        Background.from_env()


def test_worker_command_exits_2_on_a_bad_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("WAHOOK_WORKER_CONCURRENCY", "many")
    assert main(["worker"]) == 2
    assert "WAHOOK_WORKER_CONCURRENCY" in capsys.readouterr().err
