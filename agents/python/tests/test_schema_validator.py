import json
from pathlib import Path

import pytest

from runtime_hub_agent.schema_unsupported_error import SchemaUnsupportedError
from runtime_hub_agent.schema_validator import Issue, SchemaValidator, format_issues

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tiny-schema.json").read_text())
VALID = {
    "id": "job-1",
    "kind": "alpha",
    "count": 3,
    "ratio": 0.5,
    "tags": ["a"],
    "labels": {"env": "prod"},
    "anything": [1, {"x": None}],
    "when": "2025-01-31T08:00:00.000Z",
    "child": {"name": "c"},
    "pathPart": 2,
    "outcome": {"ok": False, "error": "broke"},
    "either": None,
}


@pytest.fixture(scope="module")
def validator():
    return SchemaValidator(FIXTURE)


def with_(**changes):
    return {**VALID, **changes}


def test_a_valid_message_has_no_issues(validator):
    assert validator.validate(VALID) == []
    assert validator.validate({"id": "x", "kind": "beta"}) == []


@pytest.mark.parametrize(
    "message, expected",
    [
        ({"kind": "alpha"}, Issue(("id",), "required")),
        (with_(extra=1), Issue(("extra",), "unexpected property")),
        (with_(id=7), Issue(("id",), "expected string, got number")),
        (with_(id=""), [Issue(("id",), "must be at least 1 characters"), Issue(("id",), "does not match pattern ^[a-z0-9-]+$")]),
        (with_(id="abcdefghi"), Issue(("id",), "must be at most 8 characters, got 9")),
        (with_(id="Upper"), Issue(("id",), "does not match pattern ^[a-z0-9-]+$")),
        (with_(kind="gamma"), Issue(("kind",), 'expected one of "alpha"|"beta"')),
        (with_(count=2.5), Issue(("count",), "expected integer, got number")),
        (with_(count=True), Issue(("count",), "expected integer, got boolean")),
        (with_(count=11), Issue(("count",), "must be <= 10")),
        (with_(count=-1), Issue(("count",), "must be >= 0")),
        (with_(ratio=0), Issue(("ratio",), "must be > 0")),
        (with_(ratio=float("nan")), Issue(("ratio",), "expected number, got a non-finite number")),
        (with_(tags=[]), Issue(("tags",), "must have at least 1 items")),
        (with_(tags=["a", "b", "c", "d"]), Issue(("tags",), "must have at most 3 items, got 4")),
        (with_(tags=["a", 2]), Issue(("tags", 1), "expected string, got number")),
        (with_(labels={"env": 1}), Issue(("labels", "env"), "expected string, got number")),
        (with_(labels={"Env": "x"}), Issue(("labels", "Env"), "property name: does not match pattern ^[a-z]+$")),
        (with_(child={}), Issue(("child", "name"), "required")),
        (with_(pathPart=None), Issue(("pathPart",), "expected string or number, got null")),
        (with_(either=3), Issue(("either",), "expected string, got number")),
    ],
)
def test_each_problem_is_named_by_its_path(validator, message, expected):
    assert validator.validate(message) == (expected if isinstance(expected, list) else [expected])


def test_one_of_reports_the_alternative_the_message_was_meant_for(validator):
    # ok: false picks the second alternative by its const, whose only problem is the missing error
    assert validator.validate(with_(outcome={"ok": False})) == [Issue(("outcome", "error"), "required")]
    assert validator.validate(with_(outcome={"ok": True, "error": "x"})) == [Issue(("outcome", "error"), "unexpected property")]


def test_const_and_enum_tell_booleans_from_numbers(validator):
    assert validator.validate(with_(outcome={"ok": 1})) != []
    assert not SchemaValidator({"const": 1}).is_valid(True)
    assert SchemaValidator({"enum": [1.0]}).is_valid(1)


def test_pattern_dollar_is_the_end_of_input_as_in_javascript(validator):
    # Python's $ also matches before a final newline; the coordinator's (JavaScript) does not.
    assert validator.validate(with_(id="job\n")) == [Issue(("id",), "does not match pattern ^[a-z0-9-]+$")]
    assert SchemaValidator({"pattern": "^[$]x$"}).is_valid("$x")


def test_pattern_digits_are_ascii_only():
    assert not SchemaValidator({"type": "string", "pattern": "^\\d+$"}).is_valid("٣")


def test_lengths_count_utf16_units_as_the_coordinator_does():
    schema = SchemaValidator({"type": "string", "maxLength": 2})
    assert schema.is_valid("ab")
    assert not schema.is_valid("a😀")  # two code points, three UTF-16 units


def test_issues_format_as_path_and_message():
    issues = [Issue(("samples", 3, "value"), "expected number"), Issue((), "expected object")]
    assert format_issues(issues) == "samples.3.value: expected number; (message): expected object"


@pytest.mark.parametrize(
    "schema, keyword",
    [
        ({"type": "object", "dependentRequired": {}}, "dependentRequired"),
        ({"properties": {"a": {"if": {}}}}, "if"),
        ({"$ref": "other.json#/x"}, "$ref to another document"),
        ({"type": "date"}, "type 'date'"),
        ({"items": [{}]}, "items as a list (use prefixItems)"),
    ],
)
def test_a_keyword_it_cannot_enforce_is_refused_when_the_schema_loads(schema, keyword):
    with pytest.raises(SchemaUnsupportedError) as raised:
        SchemaValidator(schema)
    assert raised.value.keyword == keyword
