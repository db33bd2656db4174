"""
Copies the JSON Schema files of the `/agents` messages from libs/protocol/json-schema (generated
from the zod schemas by `npm run schemas`) into runtime_hub_agent/schemas, so an installed
agent validates against the contract it was built with. `--check` compares instead of copying
and exits 1 when a copy is stale; tests/test_messages.py runs the same comparison.

    /usr/bin/python3 agents/python/scripts/sync_schemas.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PACKAGE_ROOT))

from runtime_hub_agent.messages import BUNDLED_SCHEMA_DIR, SCHEMA_NAMES  # noqa: E402

PROTOCOL_SCHEMA_DIR = PACKAGE_ROOT.parent.parent / "libs" / "protocol" / "json-schema"


def stale_schemas() -> list[str]:
    """Names whose bundled copy differs from libs/protocol's (or is missing on either side)."""
    stale = []
    for name in SCHEMA_NAMES:
        source = PROTOCOL_SCHEMA_DIR / f"{name}.json"
        copy = BUNDLED_SCHEMA_DIR / f"{name}.json"
        if not source.is_file() or not copy.is_file() or source.read_bytes() != copy.read_bytes():
            stale.append(name)
    return stale


def main(argv: list[str]) -> int:
    check = "--check" in argv
    missing = [name for name in SCHEMA_NAMES if not (PROTOCOL_SCHEMA_DIR / f"{name}.json").is_file()]
    if missing:
        print(f"not in {PROTOCOL_SCHEMA_DIR}: {', '.join(missing)} (run `npm run schemas` first)", file=sys.stderr)
        return 1
    stale = stale_schemas()
    if check:
        if stale:
            print(f"bundled schemas out of date: {', '.join(stale)} (run scripts/sync_schemas.py)", file=sys.stderr)
            return 1
        print("bundled schemas are up to date")
        return 0
    BUNDLED_SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (BUNDLED_SCHEMA_DIR / f"{name}.json").write_bytes((PROTOCOL_SCHEMA_DIR / f"{name}.json").read_bytes())
    print(f"copied {len(stale)} of {len(SCHEMA_NAMES)} schema files into {BUNDLED_SCHEMA_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
