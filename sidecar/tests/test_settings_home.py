"""wahook.config is the one home of the settings: the only code that reads the environment, and
what it reads is exactly README.md's Environment table (besides the variables of scripts and
tests), with no secret in any settings object's repr."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import wahook
import wahook.config

PACKAGE = Path(wahook.__file__).parent
README = PACKAGE.parents[1] / "README.md"
HOME = PACKAGE / "config" / "environment.py"
READS_THE_ENVIRONMENT = re.compile(r"\bos\.environ\b|\bgetenv\b|\bfrom os import\b[^\n]*\benviron\b")
# Documented, but read by scripts/ and the test suite, not by the sidecar.
OF_SCRIPTS_AND_TESTS = {
    "WAHOOK_PG_PORT",
    "WAHOOK_TEST_PG_PORT",
    "WAHOOK_TEST_CLUSTER",
    "WAHOOK_TEST_POSTGRES",
    "WAHOOK_TEST_DATABASE_URL",
    "WAHOOK_FIXTURES_DIR",
}


class RecordingEnv(Mapping[str, str]):
    """An environment that notes every name looked up in it."""

    def __init__(self, values: dict[str, str]) -> None:
        self.given = values
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.read.add(name)
        return self.given[name]

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("a loader must look variables up by name, not list the environment")

    def __len__(self) -> int:
        return len(self.given)


def load_everything(env: Mapping[str, str]) -> list[object]:
    """Every settings class wahook.config exports, loaded from `env`."""
    loaded = []
    for name in wahook.config.__all__:
        settings_class = getattr(wahook.config, name)
        if hasattr(settings_class, "from_env"):
            loaded.append(settings_class.from_env(env=env))
    return loaded


def documented_variables() -> set[str]:
    table = README.read_text(encoding="utf-8").split("## Environment", 1)[1].split("\n## ", 1)[0]
    return {
        name
        for line in table.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])
    }


def test_only_the_home_reads_the_environment() -> None:
    readers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if READS_THE_ENVIRONMENT.search(path.read_text(encoding="utf-8"))
    }
    assert readers == {HOME.relative_to(PACKAGE).as_posix()}


def test_every_variable_read_is_documented_and_every_documented_one_is_read() -> None:
    env = RecordingEnv({"DATABASE_URL": "postgresql://127.0.0.1/wahook"})
    loaded = load_everything(env)
    assert len(loaded) >= 7, loaded
    documented = documented_variables()
    assert documented >= OF_SCRIPTS_AND_TESTS
    assert env.read - documented == set(), "read but not in README.md's Environment table"
    assert documented - OF_SCRIPTS_AND_TESTS - env.read == set(), "documented but never read"


def test_no_secret_reaches_a_repr() -> None:
    secrets = {
        "DATABASE_URL": "postgresql://svc:db-secret-1@127.0.0.1/wahook",
        "WAHOOK_MIGRATION_DATABASE_URL": "postgresql://owner:db-secret-2@127.0.0.1/wahook",
        "WAHOOK_LOGIN_PASSWORD": "login-secret-3-long-enough",
        "WA_APP_SECRET": "app-secret-4",
        "WA_VERIFY_TOKEN": "verify-secret-5",
        "WA_ACCESS_TOKEN": "access-secret-6",
        "OPENAI_API_KEY": "sk-secret-7",
        "WAHOOK_ALERT_WEBHOOK_URL": "https://hooks.example/services/alert-secret-8",
        "WAHOOK_DASHBOARD_TOKEN": "dashboard-secret-9",
        "WAHOOK_TRANSCRIPTION_API_KEY": "transcription-secret-10",
    }
    loaded = load_everything({**secrets, "WAHOOK_AGENT": "openai"})
    texts = [text for settings in loaded for text in (repr(settings), str(settings))]
    for name, value in secrets.items():
        match = re.search(r"[\w-]*secret-\d", value)
        assert match is not None
        assert not [text for text in texts if match.group() in text], name
