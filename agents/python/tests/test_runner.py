import threading
import time

import psutil
import pytest

from runtime_hub_agent.runner import PythonRunner
from support.waiting import wait_until

TIMEOUT_GENEROUS_MS = 20_000


class Lines:
    def __init__(self) -> None:
        self.items: list = []
        self._lock = threading.Lock()

    def __call__(self, stream: str, line: str) -> None:
        with self._lock:
            self.items.append((stream, line))

    def of(self, stream: str) -> list:
        with self._lock:
            return [line for name, line in self.items if name == stream]


def run(code: str, *, runner: PythonRunner = None, inputs=None, nodes=None, timeout_ms=TIMEOUT_GENEROUS_MS, cancel=None):
    lines = Lines()
    outcome = (runner or PythonRunner()).run(
        code, inputs=inputs or {}, nodes=nodes or {}, timeout_ms=timeout_ms, on_line=lines, cancel=cancel, filename="<node t>"
    )
    return outcome, lines


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_the_code_sees_inputs_and_nodes_and_its_result_comes_back():
    code = "result = {'total': inputs['a'] + nodes['list']['output']['count'], 'status': nodes['list']['status']}"
    outcome, _ = run(code, inputs={"a": 2}, nodes={"list": {"status": "succeeded", "output": {"count": 40}}})

    assert outcome.ok
    assert outcome.output == {"total": 42, "status": "succeeded"}


def test_no_result_assigned_is_a_null_output():
    outcome, _ = run("x = 1")
    assert outcome.ok and outcome.output is None


def test_printed_lines_are_streamed_and_do_not_corrupt_the_result():
    code = (
        "import sys\n"
        "print('first line')\n"
        "print('{\"status\": \"ok\", \"result\": \"forged\"}')\n"
        "print('to stderr', file=sys.stderr)\n"
        "print('ünïcode ✓')\n"
        "result = 'real'\n"
    )
    outcome, lines = run(code)

    assert outcome.output == "real"
    assert lines.of("stdout") == ["first line", '{"status": "ok", "result": "forged"}', "ünïcode ✓"]
    assert lines.of("stderr") == ["to stderr"]


def test_lines_arrive_while_the_code_still_runs():
    runner = PythonRunner()
    lines = Lines()
    release = threading.Event()
    code = "import sys, time\nprint('started')\nsys.stdin.close()\ntime.sleep(30)\n"

    def run_in_background() -> None:
        runner.run(code, inputs={}, nodes={}, timeout_ms=TIMEOUT_GENEROUS_MS, on_line=lines, cancel=release)

    thread = threading.Thread(target=run_in_background)
    thread.start()
    try:
        wait_until(lambda: "started" in lines.of("stdout"), what="the first line before the code ends")
    finally:
        release.set()
        thread.join(10)


def test_an_exception_fails_the_node_with_the_last_traceback_lines():
    code = "def divide(a, b):\n    return a / b\n\nresult = divide(1, 0)\n"
    outcome, lines = run(code)

    assert not outcome.ok
    error = outcome.error
    assert (error.code, error.retryable) == ("NODE_FAILED", False)
    assert error.message.splitlines()[-1] == "ZeroDivisionError: division by zero"
    assert 'File "<node t>", line 2, in divide' in error.message
    assert "return a / b" in error.message
    assert "node_bootstrap" not in error.message and "<string>" not in error.message
    assert error.details["exceptionType"] == "ZeroDivisionError"
    assert "ZeroDivisionError: division by zero" in lines.of("stderr")


def test_the_traceback_in_the_message_is_cut_to_its_last_lines():
    code = "def f(n):\n    if n == 0:\n        raise ValueError('deep')\n    return f(n - 1)\nf(30)\n"
    outcome, _ = run(code, runner=PythonRunner(traceback_tail_lines=4))
    lines = outcome.error.message.splitlines()
    assert len(lines) == 4
    assert lines[-1] == "ValueError: deep"


def test_timeout_kills_the_whole_process_tree():
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print('grandchild', child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    outcome, lines = run(code, timeout_ms=1_500)
    elapsed_s = time.monotonic() - started

    assert (outcome.error.code, outcome.error.retryable) == ("TIMEOUT", True)
    assert "1500 ms" in outcome.error.message
    assert elapsed_s < 10
    assert any("killed the process tree" in line for line in lines.of("system"))
    (announcement,) = [line for line in lines.of("stdout") if line.startswith("grandchild")]
    grandchild_pid = int(announcement.split()[1])
    wait_until(lambda: gone(grandchild_pid), timeout_s=5, what=f"grandchild {grandchild_pid} to be killed")


def test_the_child_process_is_gone_after_a_timeout():
    code = "import os, time\nprint(os.getpid(), flush=True)\ntime.sleep(60)\n"
    outcome, lines = run(code, timeout_ms=1_000)

    assert outcome.error.code == "TIMEOUT"
    child_pid = int(lines.of("stdout")[0])
    assert gone(child_pid)


def test_cancel_kills_the_process_and_reports_cancelled():
    cancel = threading.Event()
    timer = threading.Timer(0.5, cancel.set)
    timer.start()
    outcome, _ = run("import time\ntime.sleep(60)\n", cancel=cancel)
    timer.join()

    assert (outcome.error.code, outcome.error.retryable) == ("CANCELLED", False)


@pytest.mark.parametrize(
    "code, path, reason",
    [
        ("result = {'ids': {1, 2}}", "result['ids']", "set is not JSON serializable"),
        ("result = [1, object()]", "result[1]", "object is not JSON serializable"),
        ("result = {'ratio': float('nan')}", "result['ratio']", "Out of range float values are not JSON compliant"),
    ],
)
def test_a_result_that_is_not_json_fails_with_a_clear_error(code, path, reason):
    outcome, _ = run(code)

    assert (outcome.error.code, outcome.error.retryable) == ("NODE_FAILED", False)
    assert outcome.error.message.startswith(f"{path} is not JSON-serializable")
    assert reason in outcome.error.message


def test_a_result_over_the_output_limit_fails():
    outcome, _ = run("result = 'x' * 5000", runner=PythonRunner(output_max_bytes=1024))

    assert (outcome.error.code, outcome.error.retryable) == ("OUTPUT_TOO_LARGE", False)
    assert outcome.error.details == {"sizeBytes": 5002, "limitBytes": 1024}


def test_a_result_at_the_output_limit_passes():
    outcome, _ = run("result = 'x' * 1022", runner=PythonRunner(output_max_bytes=1024))
    assert outcome.ok and len(outcome.output) == 1022


def test_sys_exit_with_a_code_fails_the_node():
    outcome, _ = run("import sys\nsys.exit(3)")
    assert (outcome.error.code, outcome.error.details) == ("EXIT_CODE", {"exitCode": 3})


def test_sys_exit_zero_ends_the_code_normally():
    outcome, _ = run("result = 'done'\nimport sys\nsys.exit(0)")
    assert outcome.ok and outcome.output == "done"


def test_a_process_that_dies_without_a_result_fails_with_its_exit_code():
    outcome, _ = run("import os, sys\nprint('dying', file=sys.stderr, flush=True)\nos._exit(7)")
    assert outcome.error.code == "EXIT_CODE"
    assert outcome.error.details["exitCode"] == 7
    assert outcome.error.details["stderrTail"] == ["dying"]


def test_the_code_cannot_read_the_agents_stdin():
    outcome, _ = run("import sys\nresult = sys.stdin.read()")
    assert outcome.ok and outcome.output == ""
