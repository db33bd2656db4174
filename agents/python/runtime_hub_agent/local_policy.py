"""
The host's local policy: a JSON file owned by the host's administrator, e.g.
`{"deny": ["python"]}`. Denied capabilities are left out of what the agent registers, so the
coordinator never selects it for a node that needs one; a task that needs one arrives anyway
and is failed with POLICY_DENIED (not retried), without running. Nothing the coordinator sends
can change the policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .config_error import ConfigError

#: Every capability this agent can offer (and so can deny).
KNOWN_CAPABILITIES = ("python",)


@dataclass(frozen=True)
class LocalPolicy:
    deny: tuple[str, ...] = ()

    def allowed(self, capabilities: tuple[str, ...]) -> list[str]:
        return [capability for capability in capabilities if capability not in self.deny]


def parse_local_policy(text: str, path: Path) -> LocalPolicy:
    """A bad file raises ConfigError naming the file and the field at fault."""
    where = f"policy file {path}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError([f"{where}: not valid JSON ({error.msg} at line {error.lineno})"]) from error
    if not isinstance(data, dict):
        raise ConfigError([f"{where}: expected a JSON object like {{\"deny\": [\"python\"]}}"])
    problems = [f"{where}: {key}: unknown field (only \"deny\")" for key in data if key != "deny"]
    deny = data.get("deny", [])
    if not isinstance(deny, list):
        problems.append(f"{where}: deny: expected a list of capabilities")
        deny = []
    for index, name in enumerate(deny):
        if name not in KNOWN_CAPABILITIES:
            problems.append(f"{where}: deny.{index}: expected a known capability ({', '.join(KNOWN_CAPABILITIES)}), got {name!r}")
    if problems:
        raise ConfigError(problems)
    return LocalPolicy(tuple(dict.fromkeys(deny)))


def load_local_policy(path: Path, named: bool) -> LocalPolicy:
    """
    The policy in `path`. A missing file is no policy when it is the default path, and an error
    when the operator named it (--policy, RH_POLICY_FILE): a typo must not lift every restriction.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        if not named:
            return LocalPolicy()
        raise ConfigError([f"policy file {path}: cannot be read (no such file)"]) from error
    except OSError as error:
        raise ConfigError([f"policy file {path}: cannot be read ({error.strerror})"]) from error
    return parse_local_policy(text, Path(path))
