import json

import pytest

from runtime_hub_agent.config import resolve_config
from runtime_hub_agent.config_error import ConfigError
from runtime_hub_agent.local_policy import LocalPolicy, load_local_policy, parse_local_policy
from runtime_hub_agent.registration import build_registration


def test_a_deny_list_of_known_capabilities_is_read():
    assert parse_local_policy('{"deny": ["python", "python"]}', "p.json") == LocalPolicy(("python",))
    assert parse_local_policy("{}", "p.json") == LocalPolicy()


@pytest.mark.parametrize(
    "text, problem",
    [
        ('{"deny": ["pyhton"]}', "deny.0: expected a known capability (python), got 'pyhton'"),
        ('{"deny": "python"}', "deny: expected a list of capabilities"),
        ('{"allow": []}', "allow: unknown field"),
        ("{deny", "not valid JSON"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_field(text, problem):
    with pytest.raises(ConfigError) as raised:
        parse_local_policy(text, "/etc/rh/policy.json")
    assert f"policy file /etc/rh/policy.json: {problem}" in str(raised.value)


def test_a_missing_default_file_is_no_policy_and_a_missing_named_file_an_error(tmp_path):
    assert load_local_policy(tmp_path / "policy.json", named=False) == LocalPolicy()
    with pytest.raises(ConfigError, match="cannot be read"):
        load_local_policy(tmp_path / "policy.json", named=True)


def test_denied_capabilities_are_not_registered(tmp_path):
    config = resolve_config(url="http://c:4000", name="py-1", data_dir=tmp_path, env={})
    assert build_registration(config)["capabilities"] == ["python"]
    assert build_registration(config, ("python",))["capabilities"] == []


def test_the_policy_file_comes_from_the_option_or_the_environment(tmp_path):
    named = tmp_path / "p.json"
    named.write_text(json.dumps({"deny": ["python"]}))
    assert resolve_config(url="http://c:4000", name="a", policy_file=named, env={}).policy_file == named
    assert resolve_config(url="http://c:4000", name="a", env={"RH_POLICY_FILE": str(named)}).policy_file == named
    assert resolve_config(url="http://c:4000", name="a", env={}).policy_file is None
