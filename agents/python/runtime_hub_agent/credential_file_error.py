"""
The credential file exists but cannot be used. Reported, not silently replaced: a bad edit
should not cost the host its identity (the operator removes the file to enroll again).
"""

from __future__ import annotations

from pathlib import Path


class CredentialFileError(Exception):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}; remove it to enroll again")
