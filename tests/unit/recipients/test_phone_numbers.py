import pytest

from notify_api.recipients import (
    InvalidPhoneError,
    is_crown_dependency,
    is_uk_phone_number,
    normalise_phone,
    phone_info,
    try_format_sender,
    validate_phone_number,
)

UK_FORMS = [
    "07700 900855",
    "07700900855",
    "+447700900855",
    "447700900855",
    "0044 7700 900855",
    "+(44) 77009-00855",
    "7700900855",
    "07700\u00a0900\u200b855",
    " 07700 900 855 ",
]


@pytest.mark.parametrize("raw", UK_FORMS)
@pytest.mark.parametrize("international", [True, False])
def test_accepted_uk_forms_normalise_to_international_form(raw: str, international: bool) -> None:
    assert validate_phone_number(raw, international=international) == "447700900855"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("07700 90085a", "Must not contain letters or symbols"),
        ("07700.900855", "Must not contain letters or symbols"),
        ("020 7946 0000", "Not a UK mobile number"),
        ("0800 123 4567", "Not a UK mobile number"),
        ("07700 900 8555", "Too many digits"),
        ("07700 90085", "Not enough digits"),
        ("", "Not a UK mobile number"),
    ],
)
def test_invalid_uk_numbers(raw: str, message: str) -> None:
    with pytest.raises(InvalidPhoneError) as error:
        validate_phone_number(raw, international=False)
    assert str(error.value) == message


def test_any_number_of_leading_fours_is_removed() -> None:
    assert validate_phone_number("+44 4 7700 900855", international=False) == "447700900855"


def test_non_uk_number_is_not_a_uk_mobile_without_international() -> None:
    with pytest.raises(InvalidPhoneError, match=r"^Not a UK mobile number$"):
        validate_phone_number("+1 202 555 0123", international=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 202-555-0123", "12025550123"),
        ("0033 6 12 34 56 78", "33612345678"),
        ("+7 912 345 6789", "79123456789"),
        ("+1 242 555 1234", "12425551234"),
    ],
)
def test_international_numbers_are_digits_only(raw: str, expected: str) -> None:
    assert validate_phone_number(raw, international=True) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("+123 4567", "Not enough digits"),
        ("+1 2345 6789 0123 456", "Too many digits"),
        ("+800 1234 5678", "Not a valid country prefix"),  # freephone, no country
        ("+999 1234 5678", "Not a valid country prefix"),
        ("+33 6 12 34 56 7x", "Must not contain letters or symbols"),
    ],
)
def test_invalid_international_numbers(raw: str, message: str) -> None:
    with pytest.raises(InvalidPhoneError) as error:
        validate_phone_number(raw, international=True)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("07700900855", True),
        ("0044 7700 900855", True),  # 00 is the international prefix, but 44 follows
        ("7700900855", True),
        ("+447700900855", True),
        ("0033612345678", False),
        ("+1 202 555 0123", False),
        ("79123456789", False),  # 11 digits starting with 7: Russia
        ("GOVUK", False),
    ],
)
def test_is_uk_phone_number(raw: str, expected: bool) -> None:
    assert is_uk_phone_number(raw) is expected


def test_normalise_phone_strips_punctuation_and_leading_zeros() -> None:
    assert normalise_phone(" +(0044) 7700-900 855 ") == "447700900855"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("447797123456", True),  # Jersey
        ("447781123456", True),  # Guernsey
        ("447624123456", True),  # Isle of Man
        ("447700123456", True),
        ("447700900123", False),  # Ofcom drama range inside 7700
        ("447912345678", False),
        ("337797123456", False),  # only UK numbers can be crown dependency numbers
    ],
)
def test_crown_dependency(number: str, expected: bool) -> None:
    assert is_crown_dependency(number) is expected


def test_uk_mobile_info() -> None:
    info = phone_info("447700900855")
    assert (info.international, info.crown_dependency, info.prefix, info.rate_multiplier) == (
        False,
        False,
        "44",
        1,
    )


def test_crown_dependency_is_international_for_billing() -> None:
    info = phone_info("447797123456")
    assert (info.international, info.crown_dependency, info.prefix, info.rate_multiplier) == (
        True,
        True,
        "44",
        1,
    )


@pytest.mark.parametrize(
    ("number", "prefix", "multiplier"),
    [
        ("12025550123", "1", 1),
        ("12425551234", "1242", 2),  # longest prefix wins over "1"
        ("18765551234", "1876", 3),
        ("33612345678", "33", 2),
        ("4915123456789", "49", 4),
        ("79123456789", "7", 4),
        ("2347012345678", "234", 4),
        ("290123456", "290", 1),  # St Helena: a real country code with no known multiplier
    ],
)
def test_international_info(number: str, prefix: str, multiplier: int) -> None:
    info = phone_info(number)
    assert info.international is True
    assert info.crown_dependency is False
    assert (info.prefix, info.rate_multiplier) == (prefix, multiplier)


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("07123123123", "447123123123"),
        ("+44 7123 123123", "447123123123"),
        ("GOVUK", "GOVUK"),
        ("Notify 1", "Notify 1"),
        ("12345", "12345"),  # too short to be a phone number
    ],
)
def test_try_format_sender(sender: str, expected: str) -> None:
    assert try_format_sender(sender) == expected
