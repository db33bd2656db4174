"""The secret values delivered with a task read *** in what the Python agent sends back."""

from runtime_hub_agent.secret_mask import mask_text, mask_value, ordered_for_masking
from support.messages import node_task
from support.waiting import wait_until

from test_agent_client import coordinator, make_agent, result_for  # noqa: F401  (fixtures and a helper)

SECRET = "s3cr3t-v4lue"


def test_mask_text_masks_longest_first_and_ignores_empty_values():
    secrets = ordered_for_masking(["abc", "abc123xyz", ""])
    assert mask_text("token abc123xyz and abc", secrets) == "token *** and ***"


def test_mask_value_masks_strings_and_keys_deep_inside():
    value = {"out": [f"x {SECRET} y", 3, None], SECRET: {"deep": SECRET}}
    assert mask_value(value, [SECRET]) == {"out": ["x *** y", 3, None], "***": {"deep": "***"}}
    assert value["out"][0] == f"x {SECRET} y"


def test_a_task_with_masks_sends_its_log_lines_and_output_masked(make_agent, coordinator):
    agent = make_agent()
    agent.start()
    assert agent.wait_registered(10)

    code = f"print('using', {SECRET!r})\nresult = {{'echo': {SECRET!r}}}"
    assert coordinator.send_to_agent("task:assign", node_task(code, masks=[SECRET])) == {"ok": True}

    (result,) = wait_until(lambda: result_for(coordinator, "double"), what="the task result")
    assert result["output"] == {"echo": "***"}
    wait_until(lambda: any(log["line"] == "using ***" for log in coordinator.events("agent:log")), what="the masked line")
    assert SECRET not in repr(coordinator.events("agent:log"))
