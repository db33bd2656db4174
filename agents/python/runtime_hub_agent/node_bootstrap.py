"""
The program a python node's child process runs (`sys.executable -c <this file's source>`).
It imports nothing from the agent, so it runs in any interpreter the agent points at.

stdin:  one JSON object {code, inputs, nodes, filename, outputMaxBytes}, then EOF.
argv[1]: the result file. The outcome goes there, never to stdout, so whatever the user code
         prints cannot corrupt it:
           {"status": "ok", "result": <the JSON of `result`>}
           {"status": "exception", "type", "message", "traceback": [lines]}
           {"status": "exit", "exitCode"}                     (sys.exit with a non-zero code)
           {"status": "not_json", "message", "path"}          (result is not JSON)
           {"status": "too_large", "sizeBytes", "limitBytes"}
"""

import json
import linecache
import sys
import traceback


def _write(path, envelope_text):
    with open(path, "w", encoding="utf-8") as file:
        file.write(envelope_text)


def _first_non_json(value, path, depth=0):
    """The path of the first part of `value` that JSON cannot hold, or None."""
    if depth > 200:
        return path
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if value == value and value not in (float("inf"), float("-inf")) else path
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _first_non_json(item, f"{path}[{index}]", depth + 1)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                return f"{path} (key {key!r} cannot be a JSON object key)"
            found = _first_non_json(item, f"{path}[{key!r}]", depth + 1)
            if found:
                return found
        return None
    return path


def _main():
    result_path = sys.argv[1]
    payload = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    code = payload["code"]
    filename = payload["filename"]
    # Registered so tracebacks show the lines of the node's code, not just line numbers.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    scope = {"__name__": "__runtime_hub_node__", "inputs": payload["inputs"], "nodes": payload["nodes"]}
    try:
        exec(compile(code, filename, "exec"), scope)
    except SystemExit as exit_request:
        exit_code = exit_request.code
        if exit_code not in (None, 0):
            _write(result_path, json.dumps({"status": "exit", "exitCode": exit_code if isinstance(exit_code, int) else str(exit_code)}))
            return 1
    except BaseException as error:  # noqa: BLE001 - every failure of user code is reported
        # Skip this bootstrap's own frame: the traceback starts in the node's code.
        lines = traceback.format_exception(type(error), error, error.__traceback__.tb_next)
        text = "".join(lines)
        sys.stderr.write(text)
        sys.stderr.flush()
        _write(result_path, json.dumps({
            "status": "exception",
            "type": type(error).__name__,
            "message": str(error),
            "traceback": text.rstrip("\n").split("\n"),
        }))
        return 1
    result = scope.get("result")
    try:
        encoded = json.dumps(result, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        _write(result_path, json.dumps({"status": "not_json", "message": str(error), "path": _first_non_json(result, "result") or "result"}))
        return 1
    size_bytes = len(encoded.encode("utf-8"))
    if size_bytes > payload["outputMaxBytes"]:
        _write(result_path, json.dumps({"status": "too_large", "sizeBytes": size_bytes, "limitBytes": payload["outputMaxBytes"]}))
        return 1
    _write(result_path, '{"status": "ok", "result": ' + encoded + "}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
