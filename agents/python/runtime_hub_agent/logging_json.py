"""
Structured logs: one JSON object per line on stderr, for log shippers and `jq`. The agent logs
through the standard `logging` module with facts in `extra={...}`; this formatter turns each
record into {"time", "level", "logger", "msg", ...extra}. Library users keep their own logging
setup: only the command line installs this one.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, Optional, TextIO

from .timestamps import iso_now

#: Attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": iso_now(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # default=str: a fact that is not JSON (a Path, an exception) is still logged, as text.
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_json_logging(level: int = logging.INFO, stream: Optional[TextIO] = None) -> logging.Handler:
    """Sends the agent's logs (logger `runtime_hub_agent`) to `stream` (stderr) as JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("runtime_hub_agent")
    logger.handlers = [handler]
    logger.setLevel(level)
    logger.propagate = False
    return handler
