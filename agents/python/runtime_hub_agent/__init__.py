"""
Runtime Hub Python agent: joins a coordinator over Socket.IO (namespace `/agents`), runs
`python` workflow nodes in child processes, and streams metrics and function traces.

    from runtime_hub_agent import Agent, traced
"""

from .agent import Agent
from .agent_fatal_error import AgentFatalError
from .config import AgentConfig, resolve_config
from .config_error import ConfigError
from .tracing import Tracer, default_tracer, task_context, traced
from .version import AGENT_VERSION

__version__ = AGENT_VERSION

__all__ = [
    "AGENT_VERSION",
    "Agent",
    "AgentConfig",
    "AgentFatalError",
    "ConfigError",
    "Tracer",
    "default_tracer",
    "resolve_config",
    "task_context",
    "traced",
]
