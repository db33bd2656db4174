"""
The host's local policy: a JSON file owned by the host's administrator, e.g.
`{"deny": ["python"], "files": {"allow": ["D:\\\\drop"]}}`. Every agent on a host reads the same
file, so it is checked against the JSON Schema that libs/protocol generates for the worker's
parser (schemas/local-policy.json): any known capability may be denied, this agent offers only
`python`.

Denied capabilities are left out of what the agent registers, so the coordinator never selects
it for a node that needs one; a task that needs one arrives anyway and is failed with
POLICY_DENIED (not retried), without running. Nothing the coordinator sends can change the
policy.

`files.allow` confines the file nodes of worker agents. Python code runs with the agent
account's own rights, like a shell script: the roots are read (and checked) but confine nothing
here, which the agent says when it starts.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .config_error import ConfigError
from .messages import BUNDLED_SCHEMA_DIR, SCHEMA_LOCAL_POLICY
from .schema_validator import SchemaValidator

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocalPolicy:
    deny: tuple[str, ...] = ()
    #: `files.allow`; None when the file has no `files`.
    file_roots: Optional[tuple[str, ...]] = None

    def allowed(self, capabilities: tuple[str, ...]) -> list[str]:
        return [capability for capability in capabilities if capability not in self.deny]


def _policy_schema() -> Any:
    with (BUNDLED_SCHEMA_DIR / f"{SCHEMA_LOCAL_POLICY}.json").open("r", encoding="utf-8") as file:
        return json.load(file)


def parse_local_policy(text: str, path: Path) -> LocalPolicy:
    """A bad file raises ConfigError naming the file and each field at fault."""
    where = f"policy file {path}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError([f"{where}: not valid JSON ({error.msg} at line {error.lineno})"]) from error
    issues = SchemaValidator(_policy_schema()).validate(data)
    if issues:
        raise ConfigError([f"{where}: {'.'.join(str(part) for part in issue.path) or '(file)'}: {issue.message}" for issue in issues])
    files = data.get("files")
    return LocalPolicy(
        deny=tuple(dict.fromkeys(data.get("deny", []))),
        file_roots=None if files is None else tuple(files["allow"]),
    )


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
    policy = parse_local_policy(text, Path(path))
    if policy.file_roots is not None:
        _log.warning("files.allow confines the file nodes of worker agents; python code runs with this agent's own rights",
                     extra={"policyFile": str(path), "roots": list(policy.file_roots)})
    return policy
