"""
The agent's identity: the id the coordinator gave it at enrollment and the private half of the
key pair it enrolled with (agent_key.py), kept on the host in
`<data_dir>/python-agent-<name>.json`, written atomically and readable by its owner only (mode
0600). With it the agent signs its handshakes and reconnects without the enrollment token, and
keeps its id and history across restarts.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .agent_key import AgentKey
from .credential_file_error import CredentialFileError
from .file_writes import write_private_file_atomically
from .timestamps import iso_now

_UNSAFE_FILE_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class StoredCredential:
    agent_id: str
    #: Ed25519, PKCS#8 PEM. Never sent anywhere.
    private_key: str
    #: Its public half (32 bytes, base64url), as the coordinator stored it.
    public_key: str
    #: The coordinator that enrolled it: the identity is worthless anywhere else.
    coordinator_url: str
    issued_at: str

    def key(self) -> AgentKey:
        return AgentKey.from_pem(self.private_key)

    def to_json(self) -> dict[str, str]:
        return {
            "agentId": self.agent_id,
            "privateKey": self.private_key,
            "publicKey": self.public_key,
            "coordinatorUrl": self.coordinator_url,
            "issuedAt": self.issued_at,
        }


def agent_file_stem(agent_name: str) -> str:
    """`python-agent-<name>` with characters unsafe in file names replaced by `_`."""
    return f"python-agent-{_UNSAFE_FILE_NAME_CHARS.sub('_', agent_name)}"


class CredentialStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def for_agent(cls, data_dir: Path, agent_name: str) -> "CredentialStore":
        return cls(Path(data_dir) / f"{agent_file_stem(agent_name)}.json")

    def load(self) -> Optional[StoredCredential]:
        """The stored credential, or None when there is none yet (first start)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as error:
            raise CredentialFileError(self.path, f"cannot be read ({error.strerror})") from error
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CredentialFileError(self.path, f"not valid JSON ({error.msg} at line {error.lineno})") from error
        if not isinstance(data, dict):
            raise CredentialFileError(self.path, "not a credential file (expected a JSON object)")
        problems = [key for key in ("agentId", "privateKey", "publicKey", "coordinatorUrl", "issuedAt")
                    if not isinstance(data.get(key), str) or not data.get(key)]
        if problems:
            raise CredentialFileError(self.path, f"not a credential file (missing or empty: {', '.join(problems)})")
        stored = StoredCredential(data["agentId"], data["privateKey"], data["publicKey"], data["coordinatorUrl"], data["issuedAt"])
        try:
            stored.key()
        except ValueError as error:
            raise CredentialFileError(self.path, f"privateKey is not an Ed25519 private key ({error})") from error
        return stored

    def save(self, agent_id: str, key: AgentKey, coordinator_url: str) -> StoredCredential:
        stored = StoredCredential(agent_id, key.private_pem(), key.public_key, coordinator_url, iso_now())
        write_private_file_atomically(self.path, json.dumps(stored.to_json(), indent=2) + "\n")
        return stored

    def clear(self) -> None:
        """Forgets the credential (the coordinator revoked it or does not know it)."""
        try:
            os.remove(self.path)
        except FileNotFoundError:
            pass
