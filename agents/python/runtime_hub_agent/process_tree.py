"""Starting a child in its own process group, and killing it with everything it started."""

from __future__ import annotations

import os
import signal
import subprocess
from typing import Any

import psutil


def own_group_popen_kwargs() -> dict[str, Any]:
    """Popen options that put the child at the head of its own process group (its own
    session on POSIX), so a kill reaches its descendants and a Ctrl-C aimed at the agent's
    console does not reach the child."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def kill_process_tree(process: subprocess.Popen, wait_s: float) -> None:
    """Kills `process` and all its descendants, then reaps `process` (waiting up to `wait_s`)."""
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        descendants = []
    if os.name == "posix":
        try:
            # The whole group at once: also the descendants psutil could not list yet.
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        process.kill()
    except OSError:
        pass
    # Descendants that left the group (setsid, a new console on Windows) were listed above.
    for descendant in descendants:
        try:
            descendant.kill()
        except psutil.Error:
            pass
    try:
        process.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        pass
