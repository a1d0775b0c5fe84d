import pytest

from notify_api.rendering import SMS_CHAR_COUNT_LIMIT, sms_body, sms_content_count, sms_fragment_count
from notify_api.rendering.sms_encoding import sms_encode


def test_fills_placeholders_without_html_processing() -> None:
    assert sms_body("Hi ((name))", {"name": "<b>Jo & co</b>"}, prefix=None) == "Hi <b>Jo & co</b>"


def test_lists_become_a_sentence() -> None:
    assert sms_body("Bring ((items)).", {"items": ["a", "b", "c"]}) == "Bring a, b and c."


def test_prefix_is_the_service_name_and_only_added_when_given() -> None:
    assert sms_body("Your code is 123", None, prefix="Service") == "Service: Your code is 123"
    assert sms_body("Your code is 123", None, prefix=None) == "Your code is 123"


def test_spaces_before_commas_and_full_stops_are_removed() -> None:
    assert sms_body("Hello ((name)) , see you soon \t.", {"name": "Jo"}) == "Hello Jo, see you soon."


def test_whitespace_is_tidied_line_by_line() -> None:
    content = "  first   line \n\n\n\n  second\u00a0\u00a0line\u200b \n \n\n third\t line  "
    assert sms_body(content, None) == "first line\n\nsecond line\n\nthird line"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ć", "c"),
        ("Łódź", "?ódz"),  # ó is a Welsh vowel
        ("Straße", "Straße"),
        ("ł", "?"),
        ("emoji 😀", "emoji ?"),
        ("漢字", "??"),
        ("ç ñ Ç É", "c ñ Ç É"),
        ("ŵŷ ẁ Ŵ Â ë", "ŵŷ ẁ Ŵ Â ë"),
        ("en–em—", "en-em-"),
        ("wait…", "wait..."),
        ("‘single’ “double”", "'single' \"double\""),
        ("a\tb\u00a0c\u200bd", "a b cd"),
        ("^{}\\[~]|€", "^{}\\[~]|€"),
        ("£$¥@_ΔΩ", "£$¥@_ΔΩ"),
    ],
)
def test_sms_encoding(text: str, expected: str) -> None:
    assert sms_encode(text) == expected


def test_body_is_encoded() -> None:
    assert sms_body("Dear ((name))", {"name": "Łukasz Kowalczyć"}) == "Dear ?ukasz Kowalczyc"


def test_content_count_is_before_encoding_and_without_prefix() -> None:
    assert sms_content_count("Hi ((name))…", {"name": "Jo"}) == len("Hi Jo…")
    assert sms_content_count("a" * 919, None) > SMS_CHAR_COUNT_LIMIT
    assert SMS_CHAR_COUNT_LIMIT == 918


def test_content_count_of_blank_message_is_zero() -> None:
    assert sms_content_count("((name))", {"name": " \n "}) == 0


@pytest.mark.parametrize(
    ("length", "fragments"),
    [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (918, 6), (919, 7)],
)
def test_gsm_fragments(length: int, fragments: int) -> None:
    assert sms_fragment_count("a" * length) == fragments


@pytest.mark.parametrize(
    ("length", "fragments"),
    [(70, 1), (71, 2), (134, 2), (135, 3)],
)
def test_welsh_messages_are_unicode(length: int, fragments: int) -> None:
    assert sms_fragment_count("ŵ" + "a" * (length - 1)) == fragments


def test_welsh_letters_in_gsm_do_not_force_unicode() -> None:
    assert sms_fragment_count("é" * 160) == 1


def test_extended_characters_count_twice() -> None:
    assert sms_fragment_count("a" * 158 + "€") == 1
    assert sms_fragment_count("a" * 159 + "€") == 2
    assert sms_fragment_count("a" * 159 + "[") == 2


def test_fragments_include_the_prefix() -> None:
    content = "a" * 155
    assert sms_fragment_count(content) == 1
    prefixed = sms_body(content, None, prefix="Service")
    assert sms_fragment_count(prefixed) == 2
