import io
import json
import logging
from pathlib import Path

from runtime_hub_agent.logging_json import configure_json_logging


def test_each_record_is_one_json_object_per_line_with_its_extra_fields():
    stream = io.StringIO()
    handler = configure_json_logging(logging.DEBUG, stream)
    try:
        log = logging.getLogger("runtime_hub_agent.test")
        log.info("registered with the coordinator", extra={"agentId": "agent-1", "file": Path("/x/y.json")})
        log.warning("two\nlines")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            log.exception("failed")
    finally:
        logging.getLogger("runtime_hub_agent").removeHandler(handler)

    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    first, second, third = (json.loads(line) for line in lines)
    assert first["msg"] == "registered with the coordinator"
    assert (first["level"], first["logger"], first["agentId"], first["file"]) == ("info", "runtime_hub_agent.test", "agent-1", "/x/y.json")
    assert first["time"].endswith("Z")
    assert second["msg"] == "two\nlines"
    assert "RuntimeError: boom" in third["exception"]
    assert "args" not in first and "levelno" not in first
