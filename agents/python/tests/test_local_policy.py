import json
from pathlib import Path

import pytest

from runtime_hub_agent.config import resolve_config
from runtime_hub_agent.config_error import ConfigError
from runtime_hub_agent.local_policy import LocalPolicy, load_local_policy, parse_local_policy
from runtime_hub_agent.registration import build_registration


SHARED_CASES = json.loads((Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "local-policy" / "cases.json").read_text())["cases"]


def test_a_deny_list_and_the_roots_of_file_nodes_are_read():
    assert parse_local_policy('{"deny": ["python", "python"]}', "p.json") == LocalPolicy(("python",))
    assert parse_local_policy("{}", "p.json") == LocalPolicy()
    assert parse_local_policy('{"deny": ["shell:cmd"], "files": {"allow": ["D:\\\\drop", "/srv/in"]}}', "p.json") == LocalPolicy(
        ("shell:cmd",), ("D:\\drop", "/srv/in"))


@pytest.mark.parametrize(
    "text, problem",
    [
        ('{"deny": ["pyhton"]}', 'deny.0: expected one of "shell:powershell"|'),
        ('{"deny": "python"}', "deny: expected array"),
        ('{"files": {"allow": ["drop"]}}', "files.allow.0: "),
        ('{"allow": []}', "allow: unexpected property"),
        ("{deny", "not valid JSON"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_field(text, problem):
    with pytest.raises(ConfigError) as raised:
        parse_local_policy(text, "/etc/rh/policy.json")
    assert f"policy file /etc/rh/policy.json: {problem}" in str(raised.value)


@pytest.mark.parametrize("case", SHARED_CASES, ids=[case["name"] for case in SHARED_CASES])
def test_the_policy_files_every_agent_shares_are_judged_as_the_worker_judges_them(case):
    """tests/worker/local-policy.test.ts runs the same cases through the worker's parser."""
    text = json.dumps(case["policy"])
    if "field" not in case:
        parse_local_policy(text, "p.json")
        return
    with pytest.raises(ConfigError) as raised:
        parse_local_policy(text, "p.json")
    assert any(problem.startswith(f"policy file p.json: {case['field']}") for problem in raised.value.problems)


def test_roots_for_file_nodes_are_said_to_confine_no_python_code(tmp_path, caplog):
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"files": {"allow": ["/srv/in"]}}))
    with caplog.at_level("WARNING"):
        assert load_local_policy(policy_file, named=True).file_roots == ("/srv/in",)
    assert "python code runs with this agent's own rights" in caplog.text


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
