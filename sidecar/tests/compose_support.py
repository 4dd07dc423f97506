"""docker-compose.yml driven from a test: which Compose implementations this machine has, and a
stack of the project's services under a project name of its own, with its own .env file."""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.paths import REPO

# Only what Docker and Compose need: nothing of the test's own environment reaches the stack, whose
# settings come from its env file alone.
_PASSED_THROUGH = ("PATH", "HOME", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY")


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k in _PASSED_THROUGH}


def docker_unavailable() -> str | None:
    """Why no Docker engine can be used here, or None when one answers."""
    try:
        probe = subprocess.run(
            ["docker", "info", "--format", "{{.ServerVersion}}"],
            capture_output=True, text=True, timeout=30, env=clean_env(), check=False,
        )  # fmt: skip
    except FileNotFoundError:
        return "the docker command is not installed"
    except subprocess.TimeoutExpired:
        return "`docker info` did not answer within 30 s"
    if probe.returncode != 0:
        return f"no Docker engine answers: {probe.stderr.strip()[:300]}"
    return None


@dataclass(frozen=True)
class ComposeCli:
    """One way to run Compose: the Docker CLI plugin (`docker compose`, Compose v2) or the standalone
    command (`docker-compose`: Debian's is Compose v1)."""

    kind: str
    name: str
    command: tuple[str, ...]

    def version(self) -> str | None:
        """Its version, or None where it is not installed."""
        try:
            done = subprocess.run(
                [*self.command, "version", "--short"],
                capture_output=True, text=True, timeout=30, env=clean_env(), check=False,
            )  # fmt: skip
        except FileNotFoundError:
            return None
        if done.returncode != 0 or not done.stdout.strip():
            return None
        return done.stdout.strip()


COMPOSE_CLIS = (
    ComposeCli("plugin", "docker compose", ("docker", "compose")),
    ComposeCli("standalone", "docker-compose", ("docker-compose",)),
)


@dataclass
class Stack:
    cli: ComposeCli
    project: str
    env_file: Path
    files: tuple[Path, ...]

    def run(self, *args: str, timeout: float = 300) -> str:
        """Runs a Compose command on the stack; its output, or an AssertionError carrying it."""
        command = [*self.cli.command, "-p", self.project, "--env-file", str(self.env_file)]
        for file in self.files:
            command += ["-f", str(file)]
        done = subprocess.run(
            [*command, *args], cwd=REPO, capture_output=True, text=True,
            timeout=timeout, env=clean_env(), check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise AssertionError(f"{self.cli.name} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def containers(self, service: str) -> list[str]:
        return self.run("ps", "-q", service).split()

    def logs(self) -> str:
        try:
            return self.run("logs", "--no-color", "--tail", "40", timeout=60)
        except (AssertionError, subprocess.TimeoutExpired) as exc:
            return f"(no logs: {exc})"


def health_of(container: str) -> str:
    done = subprocess.run(
        ["docker", "inspect", "-f", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", container],
        capture_output=True, text=True, timeout=30, env=clean_env(), check=False,
    )  # fmt: skip
    return done.stdout.strip()


def host_gateway_address() -> str:
    """The host's address as containers see `host-gateway` (the default bridge's gateway): where a
    stand-in on the host listens for them, on a bridge that only this machine's containers reach."""
    done = subprocess.run(
        ["docker", "run", "--rm", "--add-host", "gateway.test:host-gateway", "debian:bookworm-slim",
         "getent", "ahostsv4", "gateway.test"],
        capture_output=True, text=True, timeout=60, env=clean_env(), check=True,
    )  # fmt: skip
    return done.stdout.split()[0]


def env_file(target: Path, **overrides: str) -> dict[str, str]:
    """An env file made the way a user makes one (scripts/env-file), with `overrides` replacing
    its lines; returns its settings."""
    subprocess.run([str(REPO / "scripts/env-file"), str(target)], check=True, capture_output=True)
    settings: dict[str, str] = {}
    for line in target.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            settings[key] = value
    settings.update(overrides)
    target.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
    return settings


def project_name() -> str:
    return f"wahooktest{secrets.token_hex(4)}"
