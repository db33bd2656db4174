"""
A connection attempt failed. `refused`: the coordinator answered and said no (its handshake
middleware refused the credentials), as opposed to not answering at all. Either way the agent
retries after its backoff; a refused stored credential makes the next attempt enroll instead.
"""

from __future__ import annotations


class ConnectError(Exception):
    def __init__(self, message: str, *, refused: bool) -> None:
        self.refused = refused
        super().__init__(message)
