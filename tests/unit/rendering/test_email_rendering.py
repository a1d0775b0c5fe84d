from typing import Any

import pytest

from notify_api.rendering import email_plain_body, email_subject, is_message_empty, letter_subject


def test_plain_body_fills_without_escaping_and_keeps_markdown() -> None:
    body = email_plain_body(
        "# Hi ((name))\n\nYou need:((items))\n", {"name": "<b>Jo</b>", "items": ["a", "b"]}
    )
    assert body == "# Hi <b>Jo</b>\n\nYou need:\n\n* a\n* b"


def test_plain_body_is_stripped() -> None:
    assert email_plain_body("\n  ((a))  \n", {"a": "x"}) == "x"


def test_subject_gets_smart_typography_and_single_spaces() -> None:
    subject = email_subject('  ((name))\'s  "report" - due\n((day)) .', {"name": "Jo", "day": "Monday"})
    assert subject == "Jo\u2019s \u201creport\u201d \u2013 due Monday."


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014"])
def test_spaced_dashes_become_en_dashes(dash: str) -> None:
    assert email_subject(f"before {dash} after", None) == "before \u2013 after"


def test_hyphenated_words_are_left_alone() -> None:
    assert email_subject("re-apply - now", None) == "re-apply \u2013 now"


def test_subject_lists_are_a_sentence_and_not_escaped() -> None:
    assert email_subject("((things)) & more", {"things": ["<a>", "b", "c"]}) == "<a>, b and c & more"


def test_apostrophes_in_email_addresses_stay_straight() -> None:
    assert email_subject("Write to o'neil@example.com, it's fine", None) == (
        "Write to o'neil@example.com, it\u2019s fine"
    )


def test_subject_removes_zero_width_characters() -> None:
    assert email_subject("a\u200b\u00a0 b", None) == "a b"


def test_letter_subject_escapes_subject_and_values() -> None:
    subject = letter_subject("<b>((name))</b> &amp; co", {"name": "<i>&"})
    assert subject == "&lt;b&gt;&lt;i&gt;&amp;&lt;/b&gt; &amp; co"


@pytest.mark.parametrize(
    ("content", "values", "empty"),
    [
        ("", {}, True),
        ("((name))", {"name": ""}, True),
        ("((name))", {"name": "  \n"}, True),
        ("((a))((b))", {"a": "", "b": ""}, True),
        ("((name))", {"name": "x"}, False),
        ("Hi ((name))", {"name": ""}, False),
        ("((name)) ", {"name": ""}, False),
        ("((name))", {"name": []}, True),
    ],
)
def test_empty_message(content: str, values: dict[str, Any], empty: bool) -> None:
    assert is_message_empty(content, values) is empty
