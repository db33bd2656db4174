"""
The agent's Ed25519 key pair (the `cryptography` module): generated at enrollment, the public
half sent to the coordinator, the private half kept in the credential file. Every later
handshake is a signature over a fresh timestamp and nonce (libs/protocol agent.schema.ts,
`agentAuthMessage`), so nothing secret crosses the wire after enrollment.
"""

from __future__ import annotations

import base64
import secrets
import time
from typing import Any, Optional

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

#: Must match AGENT_AUTH_SIGNING_CONTEXT in libs/protocol agent.schema.ts.
AGENT_AUTH_SIGNING_CONTEXT = "runtime-hub/agent-auth/v1"

#: Random bytes of a handshake nonce: 128 bits never repeat by chance.
HANDSHAKE_NONCE_BYTES = 16


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def agent_auth_message(agent_id: str, timestamp_ms: int, nonce: str) -> str:
    """The exact text an agent signs; built the same way as `agentAuthMessage` in TypeScript."""
    return f"{AGENT_AUTH_SIGNING_CONTEXT}\n{agent_id}\n{timestamp_ms}\n{nonce}"


class AgentKey:
    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private_key = private_key

    @classmethod
    def generate(cls) -> "AgentKey":
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, pem: str) -> "AgentKey":
        """Raises ValueError when `pem` is not an Ed25519 private key."""
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        return cls(key)

    @property
    def public_key(self) -> str:
        """The 32 raw bytes of the public key, base64url without padding (what the coordinator stores)."""
        raw = self._private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return _b64url(raw)

    def private_pem(self) -> str:
        return self._private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")

    def sign_handshake(self, agent_id: str, timestamp_ms: Optional[int] = None, nonce: Optional[str] = None) -> dict[str, Any]:
        """The `signature` handshake auth (AgentAuthSchema)."""
        timestamp_ms = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
        nonce = nonce or _b64url(secrets.token_bytes(HANDSHAKE_NONCE_BYTES))
        signature = self._private_key.sign(agent_auth_message(agent_id, timestamp_ms, nonce).encode("utf-8"))
        return {"type": "signature", "agentId": agent_id, "timestampMs": timestamp_ms, "nonce": nonce, "signature": _b64url(signature)}
