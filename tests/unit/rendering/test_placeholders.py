from typing import Any

import pytest

from notify_api.rendering import escape_html, make_key, missing_personalisation_message, placeholder_names
from notify_api.rendering.placeholders import fill, missing_names, stringify


def test_placeholder_names_are_ordered_unique_and_as_written() -> None:
    names = placeholder_names("((one)) ((Two)) ((one)) ((three??shown))", "((four)) ((Two))")
    assert names == ["one", "Two", "three", "four"]


def test_placeholder_name_keeps_its_spacing() -> None:
    assert placeholder_names("Dear (( first name ))") == [" first name "]


def test_brackets_cannot_nest() -> None:
    assert placeholder_names("(((name)))") == ["name"]
    assert fill("(((name)))", {"name": "x"}) == "(x)"


def test_empty_texts_have_no_placeholders() -> None:
    assert placeholder_names(None, "", "no placeholders (here)") == []


@pytest.mark.parametrize("key", ["First_Name", "first name", "FIRST-NAME", "firstname", " first_name "])
def test_keys_match_ignoring_case_spaces_underscores_and_hyphens(key: str) -> None:
    assert make_key(key) == "firstname"
    assert fill("Hi ((first name))", {key: "Jo"}) == "Hi Jo"


def test_missing_means_absent_or_null_but_not_empty() -> None:
    names = ["a", "b", "c", "d"]
    assert missing_names(names, {"a": "", "b": None, "d": 0, "extra": "ignored"}) == ["b", "c"]


def test_missing_personalisation_message() -> None:
    assert missing_personalisation_message(["name", "date"]) == "Missing personalisation: name, date"


def test_placeholders_without_values_stay_as_written() -> None:
    assert fill("Hi ((name)), ((day??today))", {}) == "Hi ((name)), ((day??today))"


@pytest.mark.parametrize("value", ["yes", "Y", "true", "True", True, "t", 1, "1", "include", "SHOW"])
def test_conditional_shows_text_for_truthy_values(value: Any) -> None:
    assert fill("Bring ((id??your passport)).", {"id": value}) == "Bring your passport."


@pytest.mark.parametrize("value", ["no", "", False, 0, "maybe", " yes", []])
def test_conditional_hides_text_otherwise(value: Any) -> None:
    assert fill("Bring ((id??your passport)).", {"id": value}) == "Bring ."


def test_conditional_name_is_still_a_required_placeholder() -> None:
    assert missing_names(placeholder_names("((id??text))"), {}) == ["id"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "True"),
        (False, "False"),
        (3, "3"),
        (2.5, "2.5"),
        ("", ""),
        ([], ""),
        ([None, "  "], ""),
        (["a"], "a"),
        (["a", "b"], "a and b"),
        (["a", None, " b ", "", "c"], "a, b and c"),
    ],
)
def test_values_as_text(value: Any, expected: str) -> None:
    assert stringify(value, markdown_lists=False) == expected


def test_lists_as_markdown() -> None:
    assert stringify(["a", None, "b "], markdown_lists=True) == "\n\n* a\n* b"
    assert stringify([], markdown_lists=True) == ""


def test_fill_escapes_the_template_and_the_values() -> None:
    filled = fill("<b>((name))</b>", {"name": "<i> & co"}, escape=escape_html)
    assert filled == "&lt;b&gt;&lt;i&gt; &amp; co&lt;/b&gt;"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a & b", "a &amp; b"),
        ("<script>", "&lt;script&gt;"),
        ("&amp; &nbsp; &lpar; &rpar;", "&amp; &nbsp; &lpar; &rpar;"),
        ("&lt;b&gt;", "&lt;b&gt;"),
        ("caf&eacute; &#163;5", "café £5"),
        ("&amp without semicolon", "&amp;amp without semicolon"),
        ("\"quotes\" and 'apostrophes'", "\"quotes\" and 'apostrophes'"),
    ],
)
def test_escape_html(raw: str, expected: str) -> None:
    assert escape_html(raw) == expected
