"""
The coordinator answered `agent:register` with `{ok: false}`. `code` (libs/protocol ack.schema.ts)
decides what the agent does: UNAUTHORIZED and REVOKED make it drop its credential and enroll
again (or stop, with no enrollment token); anything else is retried after the backoff.
"""

from __future__ import annotations


class RegistrationRefusedError(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"registration refused ({code}): {message}")

    @property
    def credential_refused(self) -> bool:
        return self.code in ("UNAUTHORIZED", "REVOKED")
