"""Writing the agent's state files: owner-only, and atomically (a crash leaves the old file)."""

from __future__ import annotations

import os
from pathlib import Path

#: Owner read/write only. On Windows only the read-only bit exists; ACLs of the data directory
#: do the rest there.
PRIVATE_FILE_MODE = 0o600

#: The data directory holds secrets: owner only (where the OS has POSIX modes).
PRIVATE_DIR_MODE = 0o700


def write_private_file_atomically(path: Path, text: str) -> None:
    """Writes `text` to a temporary file created with mode 0600, then renames it over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    # os.open with the mode creates the file private from its first byte; a later chmod would
    # leave a window in which another user could open it.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    try:
        # The mode given to open() is narrowed by the umask but never widened; this makes it
        # exactly 0600 whatever the umask and whatever an older temporary file had.
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
        with os.fdopen(descriptor, "wb") as file:
            descriptor = -1
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if descriptor >= 0:
            os.close(descriptor)
        try:
            os.remove(temporary)
        except FileNotFoundError:
            pass
        raise
