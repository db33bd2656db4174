import os
import stat

import pytest

import base64

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from runtime_hub_agent.agent_key import AGENT_AUTH_SIGNING_CONTEXT, AgentKey, agent_auth_message
from runtime_hub_agent.credential_file_error import CredentialFileError
from runtime_hub_agent.credentials import CredentialStore


def _unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture
def permissive_umask():
    # The file must be 0600 even when the process would create world-readable files.
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_the_file_lives_in_the_data_dir_under_the_agent_name(tmp_path):
    store = CredentialStore.for_agent(tmp_path, "build-01")
    assert store.path == tmp_path / "python-agent-build-01.json"


def test_unsafe_characters_of_the_name_do_not_escape_the_data_dir(tmp_path):
    store = CredentialStore.for_agent(tmp_path, "../etc/passwd host")
    assert store.path.parent == tmp_path
    assert store.path.name == "python-agent-.._etc_passwd_host.json"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_credential_is_readable_by_its_owner_only(tmp_path, permissive_umask):
    store = CredentialStore.for_agent(tmp_path / "data", "a1")

    store.save("agent-1", AgentKey.generate(), "http://coordinator:4000")

    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_replacing_a_credential_keeps_mode_0600_and_leaves_no_temporary_file(tmp_path, permissive_umask):
    store = CredentialStore.for_agent(tmp_path, "a1")
    store.save("agent-1", AgentKey.generate(), "http://c:4000")
    os.chmod(store.path, 0o644)
    second = AgentKey.generate()

    store.save("agent-1", second, "http://c:4000")

    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert store.load().public_key == second.public_key
    assert sorted(path.name for path in tmp_path.iterdir()) == ["python-agent-a1.json"]


def test_load_returns_what_save_stored(tmp_path):
    store = CredentialStore.for_agent(tmp_path, "a1")
    assert store.load() is None

    key = AgentKey.generate()
    store.save("agent-1", key, "http://coordinator:4000")
    loaded = store.load()

    assert (loaded.agent_id, loaded.public_key, loaded.coordinator_url) == ("agent-1", key.public_key, "http://coordinator:4000")
    assert loaded.key().private_pem() == key.private_pem()
    assert loaded.issued_at.endswith("Z")


@pytest.mark.parametrize(
    "content, reason",
    [("{not json", "not valid JSON"), ("[]", "expected a JSON object"), ('{"agentId": "a"}', "missing or empty: privateKey, publicKey"),
     ('{"agentId": "a", "privateKey": "x", "publicKey": "y", "coordinatorUrl": "u", "issuedAt": "t"}', "privateKey is not an Ed25519 private key")],
)
def test_an_unusable_file_is_reported_not_replaced(tmp_path, content, reason):
    store = CredentialStore.for_agent(tmp_path, "a1")
    store.path.write_text(content)

    with pytest.raises(CredentialFileError) as raised:
        store.load()

    assert reason in str(raised.value)
    assert "remove it to enroll again" in str(raised.value)
    assert store.path.read_text() == content


def test_clear_forgets_the_credential(tmp_path):
    store = CredentialStore.for_agent(tmp_path, "a1")
    store.save("agent-1", AgentKey.generate(), "http://c:4000")
    store.clear()
    store.clear()
    assert store.load() is None


def test_the_key_file_holds_the_private_key_and_the_wire_only_ever_sees_the_public_half(tmp_path):
    key = AgentKey.generate()
    store = CredentialStore.for_agent(tmp_path, "a1")
    store.save("agent-1", key, "http://c:4000")

    text = store.path.read_text()
    assert "-----BEGIN PRIVATE KEY-----" in text
    auth = key.sign_handshake("agent-1")
    assert set(auth) == {"type", "agentId", "timestampMs", "nonce", "signature"}
    assert key.private_pem() not in str(auth)
    assert len(_unb64url(key.public_key)) == 32


def test_a_signed_handshake_verifies_with_the_public_key_and_only_for_what_was_signed():
    key = AgentKey.generate()
    auth = key.sign_handshake("agent-1", timestamp_ms=1_700_000_000_000, nonce="n" * 22)
    public = Ed25519PublicKey.from_public_bytes(_unb64url(key.public_key))
    signed = agent_auth_message("agent-1", 1_700_000_000_000, "n" * 22).encode()

    public.verify(_unb64url(auth["signature"]), signed)
    assert signed.decode() == f"{AGENT_AUTH_SIGNING_CONTEXT}\nagent-1\n1700000000000\n{'n' * 22}"
    with pytest.raises(InvalidSignature):
        public.verify(_unb64url(auth["signature"]), agent_auth_message("agent-2", 1_700_000_000_000, "n" * 22).encode())


def test_each_handshake_gets_a_fresh_nonce():
    key = AgentKey.generate()
    assert key.sign_handshake("a")["nonce"] != key.sign_handshake("a")["nonce"]
