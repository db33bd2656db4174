"""The `agent:register` payload (libs/protocol agent.schema.ts, AgentRegistrationSchema)."""

from __future__ import annotations

import platform
import socket
from typing import Any

from .config import AgentConfig
from .config_error import ConfigError
from .defaults import SHORT_NAME_MAX_UTF16_UNITS
from .text_limits import truncate_utf16
from .version import AGENT_VERSION

#: What a Python agent can run; the coordinator sends it `python` nodes only.
PYTHON_CAPABILITIES = ("python",)

_OS_NAMES = {"windows": "windows", "linux": "linux", "darwin": "darwin"}

#: platform.machine() spellings mapped to Node's process.arch names, so worker and Python
#: agents of one fleet read the same in the agent list.
_ARCH_NAMES = {"x86_64": "x64", "amd64": "x64", "i386": "ia32", "i686": "ia32", "x86": "ia32",
               "aarch64": "arm64", "arm64": "arm64", "armv7l": "arm", "armv6l": "arm"}


def agent_os() -> str:
    system = platform.system().lower()
    if system not in _OS_NAMES:
        raise ConfigError([f"this operating system ({platform.system()}) is not one the coordinator knows (windows, linux, darwin)"])
    return _OS_NAMES[system]


def agent_arch() -> str:
    machine = platform.machine() or "unknown"
    return _ARCH_NAMES.get(machine.lower(), truncate_utf16(machine, SHORT_NAME_MAX_UTF16_UNITS, mark=""))


def build_registration(config: AgentConfig, denied: tuple[str, ...] = ()) -> dict[str, Any]:
    """`denied`: capabilities the host's local policy denies; they are not declared."""
    return {
        "name": config.name,
        "kind": "python",
        "os": agent_os(),
        "arch": agent_arch(),
        "version": AGENT_VERSION,
        "labels": list(config.labels),
        "capabilities": [capability for capability in PYTHON_CAPABILITIES if capability not in denied],
        "concurrency": config.concurrency,
        "hostname": truncate_utf16(socket.gethostname() or "unknown", SHORT_NAME_MAX_UTF16_UNITS, mark=""),
    }
