"""The one reader of the process environment, and the checks the settings share."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping


class ConfigError(Exception):
    """A setting is missing or invalid; the message says which and how to fix it."""


def environ(env: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """`env` when given (tests pass a dict), else the process environment: the only place in the
    sidecar that reads it, so every variable goes through a loader of wahook.config."""
    return os.environ if env is None else env


def positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, not {text!r}")
    return int(text)


def number(env: Mapping[str, str], name: str, default: float, unit: str = "") -> float:
    """A finite number (`unit` names what it counts in the error: " of seconds")."""
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name} must be a number{unit}, not {text!r}") from None
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number{unit}, not {text!r}")
    return value


def seconds(env: Mapping[str, str], name: str, default: float) -> float:
    return number(env, name, default, " of seconds")


def positive_seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A duration that must be more than zero (a timeout)."""
    value = seconds(env, name, default)
    if value <= 0:
        raise ConfigError(f"{name} must be more than 0, not {value}")
    return value


def at_least(env: Mapping[str, str], name: str, default: float, *, minimum: float) -> float:
    value = number(env, name, default)
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum:g}, not {value:g}")
    return value
