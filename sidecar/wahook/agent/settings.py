"""The agent's settings under the agent's name: defined, read and checked in wahook.config.agent
with every other setting; re-exported so existing imports (the tests') keep working."""

from wahook.config.agent import DEFAULT_SYSTEM_PROMPT as DEFAULT_SYSTEM_PROMPT
from wahook.config.agent import AgentSettings as AgentSettings
