import json
import subprocess
import sys
from pathlib import Path

import pytest

from runtime_hub_agent.config import resolve_config, sample_every_calls
from runtime_hub_agent.config_error import ConfigError
from runtime_hub_agent.defaults import DEFAULT_COORDINATOR_URL, DEFAULT_PROFILE_SAMPLE_EVERY_CALLS, METRICS_BUFFER_MAX_SAMPLES

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def test_explicit_values_win_over_the_environment():
    env = {"RH_URL": "http://env:4000", "RH_ENROLL_TOKEN": "env-token", "RH_DATA_DIR": "/env/data"}
    config = resolve_config(url="http://flag:4000/", enroll_token="flag-token", data_dir="/flag/data", name="n", env=env)
    assert (config.url, config.enroll_token, config.data_dir) == ("http://flag:4000", "flag-token", Path("/flag/data"))


def test_the_environment_fills_what_is_not_given():
    env = {"RH_URL": "https://env:4000", "RH_ENROLL_TOKEN": "env-token", "RH_DATA_DIR": "/env/data"}
    config = resolve_config(name="n", env=env)
    assert (config.url, config.enroll_token, config.data_dir) == ("https://env:4000", "env-token", Path("/env/data"))


def test_several_coordinator_urls_are_kept_in_order_and_each_checked():
    config = resolve_config(url="http://hub-a:4000/, http://hub-b:4000", name="n", env={})
    assert config.url == "http://hub-a:4000,http://hub-b:4000"
    with pytest.raises(ConfigError) as raised:
        resolve_config(url="http://hub-a:4000,ws://hub-b", name="n", env={})
    assert list(raised.value.problems) == ["--url: expected an http:// or https:// URL of the coordinator (several: separated by commas), got 'ws://hub-b'"]


def test_defaults_apply_last():
    config = resolve_config(env={})
    assert config.url == DEFAULT_COORDINATOR_URL
    assert config.enroll_token is None
    assert config.name  # the host name
    assert config.profile_sample_every_calls == DEFAULT_PROFILE_SAMPLE_EVERY_CALLS


def test_the_metrics_buffer_comes_from_the_option_then_the_environment_then_the_default():
    env = {"RH_METRICS_BUFFER_MAX_SAMPLES": "7"}
    assert resolve_config(name="n", metrics_buffer_max_samples=3, env=env).metrics_buffer_max_samples == 3
    assert resolve_config(name="n", env=env).metrics_buffer_max_samples == 7
    assert resolve_config(name="n", env={}).metrics_buffer_max_samples == METRICS_BUFFER_MAX_SAMPLES


@pytest.mark.parametrize("size", [0, -1, 2.5, True, "many"])
def test_a_metrics_buffer_that_holds_nothing_is_refused(size):
    with pytest.raises(ConfigError) as raised:
        resolve_config(name="n", metrics_buffer_max_samples=size, env={})
    assert raised.value.problems[0].startswith("--metrics-buffer:")


def test_labels_and_modules_are_split_trimmed_and_deduplicated():
    config = resolve_config(labels=" etl, linux ,etl,,", profile=True, profile_modules="shop, billing", env={})
    assert config.labels == ("etl", "linux")
    assert config.profile_modules == ("shop", "billing")


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as raised:
        resolve_config(url="ws://x", name="", labels=["x" * 200], concurrency=0, metrics_interval_s=-1,
                       profile=True, profile_sample_rate=2.5, env={})
    problems = raised.value.problems
    assert [problem.split(":")[0] for problem in problems] == [
        "--url", "--name", "--labels", "--concurrency", "--metrics-interval", "--profile-sample-rate", "--profile"]


@pytest.mark.parametrize("rate, every", [(1, 1), (100, 100), (0.01, 100), (0.5, 2), (1.0, 1), (0.3, 3)])
def test_the_sample_rate_reads_as_a_fraction_or_a_number_of_calls(rate, every):
    assert sample_every_calls(rate) == every


@pytest.mark.parametrize("rate", [0, -1, 2.5, float("nan"), True])
def test_a_sample_rate_that_means_nothing_is_refused(rate):
    with pytest.raises(ValueError):
        sample_every_calls(rate)


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "runtime_hub_agent", *args], cwd=PACKAGE_ROOT, capture_output=True,
                          text=True, timeout=60, env=env)


def test_the_command_line_exits_2_naming_each_invalid_option():
    completed = run_cli("--url", "ftp://x", "--concurrency", "0")
    assert completed.returncode == 2
    assert "--url: expected an http:// or https:// URL" in completed.stderr
    assert "--concurrency: expected an integer from 1 to 256, got 0" in completed.stderr


def test_the_command_line_without_credential_or_token_exits_1_and_logs_json(tmp_path):
    completed = run_cli("--data-dir", str(tmp_path), "--name", "cli-test", env={"PATH": "/usr/bin:/bin"})

    assert completed.returncode == 1
    assert "no enrollment token: pass --enroll-token or set RH_ENROLL_TOKEN" in completed.stderr
    json_lines = [json.loads(line) for line in completed.stderr.splitlines() if line.startswith("{")]
    assert json_lines, completed.stderr
    assert all({"time", "level", "logger", "msg"} <= entry.keys() for entry in json_lines)
    assert any(entry["level"] == "critical" for entry in json_lines)
