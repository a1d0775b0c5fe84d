import pytest

from notify_api.recipients import allowed_to_send_to, format_recipient


@pytest.mark.parametrize(
    ("recipient", "expected"),
    [
        ("07700 900855", "447700900855"),
        ("+44 (0) 7700 900855", "447700900855"),
        ("+1 202 555 0123", "12025550123"),
        (" Test@Example.COM ", "test@example.com"),
        ("not a recipient", "not a recipient"),
    ],
)
def test_format_recipient(recipient: str, expected: str) -> None:
    assert format_recipient(recipient) == expected


@pytest.mark.parametrize(
    ("recipient", "allowed", "expected"),
    [
        ("07700900855", ["+44 7700 900855"], True),
        ("+447700900855", ["someone@example.com", "07700 900855"], True),
        ("07700900856", ["07700900855"], False),
        ("SOMEONE@example.com", ["someone@EXAMPLE.com"], True),
        ("someone@example.com", ["someone.else@example.com"], False),
        ("someone@example.com", [], False),
    ],
)
def test_allowed_to_send_to(recipient: str, allowed: list[str], expected: bool) -> None:
    assert allowed_to_send_to(recipient, allowed) is expected
