"""The agent cannot go on by itself (revoked with no enrollment token); an operator must act."""

from __future__ import annotations


class AgentFatalError(Exception):
    pass
