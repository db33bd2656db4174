"""
A small JSON Schema (draft 2020-12) validator for the subset that libs/protocol generates from
its zod schemas, so the agent checks every message against the same contract as the
coordinator without depending on the `jsonschema` package (not installed on the hosts this
agent targets, and not in Debian's base set).

Where JSON Schema and zod disagree, it follows zod, because the coordinator decides with zod:
- string lengths count UTF-16 code units (JavaScript's `length`), not code points;
- `pattern` is a JavaScript regular expression: `$` is the end of the input (Python's `$` also
  matches before a final newline) and `\\d` is ASCII only.

Supported: type, properties, patternProperties, additionalProperties, required, propertyNames,
enum, const, items, prefixItems, minItems, maxItems, uniqueItems, anyOf, oneOf, allOf, not,
minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength,
pattern, $ref (within the document), $defs/definitions; annotations (format, default, title,
description, ...) are accepted and not enforced. Any other keyword is refused when the schema is
loaded (SchemaUnsupportedError), never ignored silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence, Union

from .schema_unsupported_error import SchemaUnsupportedError
from .text_limits import utf16_units

PathPart = Union[str, int]

_ANNOTATIONS = frozenset(
    ["$id", "$schema", "$comment", "$anchor", "title", "description", "default", "examples", "format",
     "deprecated", "readOnly", "writeOnly", "contentEncoding", "contentMediaType"]
)
_SUBSCHEMA = frozenset(["additionalProperties", "items", "propertyNames", "not"])
_SUBSCHEMA_LISTS = frozenset(["anyOf", "oneOf", "allOf", "prefixItems"])
_SUBSCHEMA_MAPS = frozenset(["properties", "patternProperties", "$defs", "definitions"])
_TYPE_NAMES = frozenset(["null", "boolean", "object", "array", "string", "number", "integer"])
_PLAIN = frozenset(
    ["type", "required", "enum", "const", "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
     "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "$ref"]
)


@dataclass(frozen=True)
class Issue:
    """One problem, at a path into the message (`samples.3.value: expected number`)."""

    path: tuple[PathPart, ...]
    message: str

    def __str__(self) -> str:
        where = ".".join(str(part) for part in self.path) or "(message)"
        return f"{where}: {self.message}"


def format_issues(issues: Iterable[Issue]) -> str:
    return "; ".join(str(issue) for issue in issues)


class SchemaValidator:
    def __init__(self, schema: Any) -> None:
        _check_supported(schema, "")
        self._root = schema
        self._patterns: dict[str, re.Pattern[str]] = {}

    def validate(self, instance: Any) -> list[Issue]:
        """Every problem of `instance`; empty when it is valid."""
        return self._validate(self._root, instance, ())

    def is_valid(self, instance: Any) -> bool:
        return not self.validate(instance)

    # ── keywords ──────────────────────────────────────────────────────────────────────────

    def _validate(self, schema: Any, value: Any, path: tuple[PathPart, ...]) -> list[Issue]:
        if schema is True or schema == {}:
            return []
        if schema is False:
            return [Issue(path, "no value is allowed here")]
        if "$ref" in schema:
            issues = self._validate(self._resolve(schema["$ref"]), value, path)
            if issues:
                return issues
        if "type" in schema and not _has_type(value, schema["type"]):
            return [Issue(path, f"expected {_type_words(schema['type'])}, got {_json_type(value)}")]
        issues: list[Issue] = []
        if "const" in schema and not _json_equal(value, schema["const"]):
            issues.append(Issue(path, f"expected {_show(schema['const'])}"))
        if "enum" in schema and not any(_json_equal(value, option) for option in schema["enum"]):
            issues.append(Issue(path, "expected one of " + "|".join(_show(option) for option in schema["enum"])))
        if isinstance(value, str):
            issues.extend(self._string(schema, value, path))
        elif _is_number(value):
            issues.extend(_number(schema, value, path))
        elif isinstance(value, dict):
            issues.extend(self._object(schema, value, path))
        elif isinstance(value, (list, tuple)):
            issues.extend(self._array(schema, value, path))
        issues.extend(self._combinators(schema, value, path))
        return issues

    def _string(self, schema: dict, value: str, path: tuple[PathPart, ...]) -> list[Issue]:
        issues = []
        length = utf16_units(value)
        if "minLength" in schema and length < schema["minLength"]:
            issues.append(Issue(path, f"must be at least {schema['minLength']} characters"))
        if "maxLength" in schema and length > schema["maxLength"]:
            issues.append(Issue(path, f"must be at most {schema['maxLength']} characters, got {length}"))
        if "pattern" in schema and not self._pattern(schema["pattern"]).search(value):
            issues.append(Issue(path, f"does not match pattern {schema['pattern']}"))
        return issues

    def _object(self, schema: dict, value: dict, path: tuple[PathPart, ...]) -> list[Issue]:
        issues = [Issue(path + (name,), "required") for name in schema.get("required", []) if name not in value]
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, item in value.items():
            if not isinstance(key, str):
                issues.append(Issue(path + (str(key),), "property names must be strings"))
                continue
            if "propertyNames" in schema:
                issues.extend(Issue(path + (key,), f"property name: {issue.message}")
                              for issue in self._validate(schema["propertyNames"], key, ()))
            matched = False
            if key in properties:
                matched = True
                issues.extend(self._validate(properties[key], item, path + (key,)))
            for pattern, subschema in patterns.items():
                if self._pattern(pattern).search(key):
                    matched = True
                    issues.extend(self._validate(subschema, item, path + (key,)))
            if not matched and "additionalProperties" in schema:
                extra = schema["additionalProperties"]
                if extra is False:
                    issues.append(Issue(path + (key,), "unexpected property"))
                else:
                    issues.extend(self._validate(extra, item, path + (key,)))
        return issues

    def _array(self, schema: dict, value: Sequence[Any], path: tuple[PathPart, ...]) -> list[Issue]:
        issues = []
        if "minItems" in schema and len(value) < schema["minItems"]:
            issues.append(Issue(path, f"must have at least {schema['minItems']} items"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            issues.append(Issue(path, f"must have at most {schema['maxItems']} items, got {len(value)}"))
        prefix = schema.get("prefixItems", [])
        for index, item in enumerate(value):
            if index < len(prefix):
                issues.extend(self._validate(prefix[index], item, path + (index,)))
            elif "items" in schema:
                issues.extend(self._validate(schema["items"], item, path + (index,)))
        if schema.get("uniqueItems") and any(
            _json_equal(value[i], value[j]) for i in range(len(value)) for j in range(i + 1, len(value))
        ):
            issues.append(Issue(path, "items must be unique"))
        return issues

    def _combinators(self, schema: dict, value: Any, path: tuple[PathPart, ...]) -> list[Issue]:
        issues: list[Issue] = []
        for subschema in schema.get("allOf", []):
            issues.extend(self._validate(subschema, value, path))
        if "anyOf" in schema:
            results = [self._validate(option, value, path) for option in schema["anyOf"]]
            if all(results):
                issues.extend(_closest(schema["anyOf"], results, value))
        if "oneOf" in schema:
            results = [self._validate(option, value, path) for option in schema["oneOf"]]
            passing = sum(1 for result in results if not result)
            if passing == 0:
                issues.extend(_closest(schema["oneOf"], results, value))
            elif passing > 1:
                issues.append(Issue(path, f"matches {passing} of the oneOf alternatives, expected exactly one"))
        if "not" in schema and not self._validate(schema["not"], value, path):
            issues.append(Issue(path, "matches a schema it must not match"))
        return issues

    # ── helpers ───────────────────────────────────────────────────────────────────────────

    def _pattern(self, pattern: str) -> re.Pattern[str]:
        compiled = self._patterns.get(pattern)
        if compiled is None:
            compiled = re.compile(_python_pattern(pattern), re.ASCII)
            self._patterns[pattern] = compiled
        return compiled

    def _resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise SchemaUnsupportedError("$ref", ref)
        node = self._root
        for token in [part for part in ref[1:].split("/") if part]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node


def _number(schema: dict, value: float, path: tuple[PathPart, ...]) -> list[Issue]:
    issues = []
    if "minimum" in schema and value < schema["minimum"]:
        issues.append(Issue(path, f"must be >= {schema['minimum']}"))
    if "maximum" in schema and value > schema["maximum"]:
        issues.append(Issue(path, f"must be <= {schema['maximum']}"))
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        issues.append(Issue(path, f"must be > {schema['exclusiveMinimum']}"))
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        issues.append(Issue(path, f"must be < {schema['exclusiveMaximum']}"))
    if "multipleOf" in schema and not math.isclose(value / schema["multipleOf"], round(value / schema["multipleOf"])):
        issues.append(Issue(path, f"must be a multiple of {schema['multipleOf']}"))
    return issues


def _closest(options: Sequence[Any], results: Sequence[list[Issue]], value: Any) -> list[Issue]:
    """The issues of the alternative the value was most likely meant for: the one whose `const`
    discriminators it matches (`status: "failed"`), else the one with the fewest issues."""

    def score(index: int) -> tuple[int, int]:
        option = options[index]
        properties = option.get("properties", {}) if isinstance(option, dict) else {}
        matching = sum(
            1 for key, sub in properties.items()
            if isinstance(sub, dict) and "const" in sub and isinstance(value, dict)
            and key in value and _json_equal(value[key], sub["const"])
        )
        return (-matching, len(results[index]))

    best = min(range(len(options)), key=score)
    return results[best]


def _python_pattern(pattern: str) -> str:
    """A JavaScript pattern as Python reads it: `$` outside a character class becomes `\\Z`."""
    out: list[str] = []
    index = 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
        index += 1
    return "".join(out)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite(value: float) -> bool:
    # math.isfinite() of an int beyond float range raises; every int is finite.
    return isinstance(value, int) or math.isfinite(value)


def _has_type(value: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return any(_has_type(value, option) for option in expected)
    if expected == "null":
        return value is None
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "object":
        return isinstance(value, dict)
    if expected == "array":
        return isinstance(value, (list, tuple))
    if expected == "string":
        return isinstance(value, str)
    if expected == "number":
        return _is_number(value) and _is_finite(value)
    # "integer" (the only name left: _check_supported refused the others)
    return isinstance(value, int) and not isinstance(value, bool) or (
        isinstance(value, float) and math.isfinite(value) and value.is_integer()
    )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if _is_number(value):
        return "number" if _is_finite(value) else "a non-finite number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _type_words(expected: Any) -> str:
    return " or ".join(expected) if isinstance(expected, list) else str(expected)


def _json_equal(left: Any, right: Any) -> bool:
    # Python says True == 1; JSON does not.
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if _is_number(left) and _is_number(right):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_json_equal(left[key], right[key]) for key in left)
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) == len(right) and all(_json_equal(a, b) for a, b in zip(left, right))
    return type(left) is type(right) and left == right


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value).replace("True", "true").replace("False", "false")


def _check_supported(schema: Any, location: str) -> None:
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        raise SchemaUnsupportedError(f"schema of type {type(schema).__name__}", location)
    for keyword, value in schema.items():
        where = f"{location}/{keyword}"
        if keyword in _ANNOTATIONS or keyword in _PLAIN:
            if keyword == "$ref" and not str(value).startswith("#"):
                raise SchemaUnsupportedError("$ref to another document", where)
            if keyword == "type" and not set(value if isinstance(value, list) else [value]) <= _TYPE_NAMES:
                raise SchemaUnsupportedError(f"type {value!r}", where)
            continue
        if keyword in _SUBSCHEMA:
            if keyword == "items" and isinstance(value, list):
                raise SchemaUnsupportedError("items as a list (use prefixItems)", where)
            _check_supported(value, where)
        elif keyword in _SUBSCHEMA_LISTS:
            for index, subschema in enumerate(value):
                _check_supported(subschema, f"{where}/{index}")
        elif keyword in _SUBSCHEMA_MAPS:
            for name, subschema in value.items():
                _check_supported(subschema, f"{where}/{name}")
        else:
            raise SchemaUnsupportedError(keyword, location)
