"""The agent's own version, sent at registration so the coordinator can show mixed fleets."""

AGENT_VERSION = "0.1.0"
