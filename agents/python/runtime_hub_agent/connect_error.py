"""
A connection attempt failed. `refused`: the coordinator answered and said no (its handshake
middleware refused the credentials), as opposed to not answering at all. Either way the agent
retries after its backoff; a refused stored credential makes the next attempt enroll instead.
"""

from __future__ import annotations

from typing import Optional

#: Refusal codes (AgentConnectRefusalCode in libs/protocol) after which retrying cannot help.
FATAL_REFUSAL_CODES = ("ENROLL_TOKEN_REFUSED", "AGENT_REVOKED")

#: Too many refused handshakes from this address or for this credential: retry later, as told.
RATE_LIMITED_CODE = "RATE_LIMITED"

#: Refusals that say nothing about the stored credential: the next attempt signs again
#: instead of enrolling.
NOT_ABOUT_CREDENTIAL_CODES = (RATE_LIMITED_CODE, "UNAVAILABLE")


class ConnectError(Exception):
    def __init__(self, message: str, *, refused: bool, code: Optional[str] = None, retry_after_s: float = 0.0) -> None:
        self.refused = refused
        #: The coordinator's refusal code (`data.code` of the connect error), when it gave one.
        self.code = code
        #: RATE_LIMITED: the wait the coordinator asked for (`data.retryAfterMs`), in seconds.
        self.retry_after_s = retry_after_s
        super().__init__(message)
