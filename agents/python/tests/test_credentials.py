import os
import stat

import pytest

from runtime_hub_agent.credential_file_error import CredentialFileError
from runtime_hub_agent.credentials import CredentialStore


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

    store.save("agent-1", "secret", "http://coordinator:4000")

    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_replacing_a_credential_keeps_mode_0600_and_leaves_no_temporary_file(tmp_path, permissive_umask):
    store = CredentialStore.for_agent(tmp_path, "a1")
    store.save("agent-1", "first", "http://c:4000")
    os.chmod(store.path, 0o644)

    store.save("agent-1", "second", "http://c:4000")

    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert store.load().credential == "second"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["python-agent-a1.json"]


def test_load_returns_what_save_stored(tmp_path):
    store = CredentialStore.for_agent(tmp_path, "a1")
    assert store.load() is None

    store.save("agent-1", "secret", "http://coordinator:4000")
    loaded = store.load()

    assert (loaded.agent_id, loaded.credential, loaded.coordinator_url) == ("agent-1", "secret", "http://coordinator:4000")
    assert loaded.issued_at.endswith("Z")


@pytest.mark.parametrize(
    "content, reason",
    [("{not json", "not valid JSON"), ("[]", "expected a JSON object"), ('{"agentId": "a"}', "missing or empty: credential")],
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
    store.save("agent-1", "secret", "http://c:4000")
    store.clear()
    store.clear()
    assert store.load() is None
