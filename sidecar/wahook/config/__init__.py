"""Every setting the sidecar takes from the environment, read and checked here and nowhere else
(environment.environ is the one reader): one frozen dataclass per area, each with `from_env`,
built once at start-up by the commands and passed to the code that uses it. README.md's
Environment table documents each variable; a test keeps the two equal."""

from wahook.config.agent import AgentSettings
from wahook.config.alerts import AlertConfig
from wahook.config.environment import ConfigError
from wahook.config.graph import GraphSettings
from wahook.config.media import MediaSettings
from wahook.config.media_reading import MediaReadingSettings
from wahook.config.rollout import RolloutSettings
from wahook.config.schema import SchemaSettings
from wahook.config.server import Config
from wahook.config.worker import WorkerSettings

__all__ = [
    "AgentSettings",
    "AlertConfig",
    "Config",
    "ConfigError",
    "GraphSettings",
    "MediaReadingSettings",
    "MediaSettings",
    "RolloutSettings",
    "SchemaSettings",
    "WorkerSettings",
]
