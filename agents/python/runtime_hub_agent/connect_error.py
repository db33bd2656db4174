"""
A connection attempt failed. `refused`: the coordinator answered and said no (its handshake
middleware refused the credentials), as opposed to not answering at all. Either way the agent
retries after its backoff; a refused stored credential makes the next attempt enroll instead.
"""

from __future__ import annotations

from typing import Optional

#: Refusal codes (AgentConnectRefusalCode in libs/protocol) after which retrying cannot help.
FATAL_REFUSAL_CODES = ("ENROLL_TOKEN_REFUSED", "AGENT_REVOKED")


class ConnectError(Exception):
    def __init__(self, message: str, *, refused: bool, code: Optional[str] = None) -> None:
        self.refused = refused
        #: The coordinator's refusal code (`data.code` of the connect error), when it gave one.
        self.code = code
        super().__init__(message)
