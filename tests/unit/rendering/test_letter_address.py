from typing import Any

import pytest

from notify_api.rendering import InvalidAddressError, PostalAddress
from notify_api.rendering.letter_address import format_postcode, is_valid_postcode

INVALID_CHARACTERS_MESSAGE = (
    "Address lines must not start with any of the following characters: @ ( ) = [ ] \u201d \\ / , < >"
)


def address(*lines: str | None, **extra: Any) -> PostalAddress:
    personalisation: dict[str, Any] = {f"address_line_{index}": line for index, line in enumerate(lines, 1)}
    personalisation.update(extra)
    return PostalAddress.from_personalisation(personalisation)


def test_lines_come_from_address_lines_then_postcode() -> None:
    postal = address("A Person", "1 High Street", postcode="sw1a2aa")
    assert postal.normalised_lines == ["A Person", "1 High Street", "SW1A 2AA"]
    assert postal.country == "United Kingdom"
    assert postal.is_international is False


def test_address_line_7_replaces_postcode() -> None:
    postal = PostalAddress.from_personalisation(
        {
            "address_line_1": "A Person",
            "address_line_2": "1 Street",
            "address_line_7": "SW1A 2AA",
            "postcode": "x",
        }
    )
    assert postal.normalised_lines == ["A Person", "1 Street", "SW1A 2AA"]


def test_lines_are_tidied_and_blank_lines_dropped() -> None:
    postal = address("  A   Person ,, ", None, "", "1 High Street , Town .", postcode=" sw1a  2aa ")
    assert postal.lines == ["A Person", "1 High Street, Town.", "sw1a 2aa"]
    assert postal.normalised == "A Person\n1 High Street, Town.\nSW1A 2AA"


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [
        ("sw1a2aa", "SW1A 2AA"),
        ("N1 9GU", "N1 9GU"),
        ("  e1  6an", "E1 6AN"),
        ("BFPO1234", "BFPO 1234"),
        ("bfpo 1", "BFPO 1"),
        ("BFPO C/O 1", "BFPO C/O 1"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_valid_postcodes_are_formatted(raw: str, formatted: str) -> None:
    assert is_valid_postcode(raw)
    assert format_postcode(raw) == formatted


@pytest.mark.parametrize("raw", ["SW1A 2A", "SW1A 2CI", "12345", "BFPO 12345", "Q1 1AA!", ""])
def test_invalid_postcodes(raw: str) -> None:
    assert not is_valid_postcode(raw)


@pytest.mark.parametrize(
    ("last_line", "country", "zone"),
    [
        ("France", "France", "europe"),
        ("the netherlands", "Netherlands", "europe"),
        ("GERMANY.", "Germany", "europe"),
        ("Republic of Ireland", "Ireland", "europe"),
        ("Canary Islands", "Canary Islands", "europe"),
        ("Japan", "Japan", "rest-of-world"),
        ("usa", "United States", "rest-of-world"),
        ("Korea, Republic of", "South Korea", "rest-of-world"),
        ("Côte d’Ivoire", "Ivory Coast", "rest-of-world"),
    ],
)
def test_international_addresses(last_line: str, country: str, zone: str) -> None:
    postal = address("A Person", "1 Rue", "Town", postcode=last_line)
    assert postal.is_international is True
    assert postal.country == country
    assert postal.normalised_lines == ["A Person", "1 Rue", "Town", country]
    assert postal.postage_zone("second") == zone
    assert postal.postcode is None


@pytest.mark.parametrize("last_line", ["United Kingdom", "UK", "England", "Wales", "Jersey", "Isle of Man"])
def test_uk_names_and_islands_count_as_the_uk(last_line: str) -> None:
    postal = address("A Person", "1 Street", "JE2 3AB", postcode=last_line)
    assert postal.is_international is False
    assert postal.country == "United Kingdom"
    assert postal.normalised_lines == ["A Person", "1 Street", "JE2 3AB"]
    assert postal.postage_zone("first") == "first"


@pytest.mark.parametrize(
    ("lines", "allow_international", "message"),
    [
        (("A Person", "SW1A 2AA"), False, "Address must be at least 3 lines"),
        (("A Person", "", "", "SW1A 2AA"), False, "Address must be at least 3 lines"),
        (("a", "b", "c", "d", "e", "f", "g", "SW1A 2AA"), False, "Address must be no more than 7 lines"),
        (("A Person", "1 Street", "Not a postcode"), False, "Must be a real UK postcode"),
        (
            ("A Person", "1 Street", "Not a postcode"),
            True,
            "Last line of address must be a real UK postcode or another country",
        ),
        (("A Person", "1 Rue", "Paris", "France"), False, "Must be a real UK postcode"),
        (("@ Person", "1 Street", "SW1A 2AA"), False, INVALID_CHARACTERS_MESSAGE),
        (("A Person", '"1 Street"', "SW1A 2AA"), False, INVALID_CHARACTERS_MESSAGE),
        (("A Person", "~1 Street", "SW1A 2AA"), False, INVALID_CHARACTERS_MESSAGE),
        (("A Person", "(1) Street", "Paris", "France"), True, INVALID_CHARACTERS_MESSAGE),
    ],
)
def test_validation_messages_in_order(
    lines: tuple[str, ...], allow_international: bool, message: str
) -> None:
    postal = PostalAddress("\n".join(lines))
    assert postal.error(allow_international=allow_international) == message
    with pytest.raises(InvalidAddressError) as error:
        postal.validate(allow_international=allow_international)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "lines",
    [
        ("A Person", "1 Street", "SW1A 2AA"),
        ("1", "2", "3", "4", "5", "6", "SW1A 2AA"),
        ("A Person", "1 Rue", "France"),
        ("A Person", "Camp", "BFPO 123"),
    ],
)
def test_valid_addresses(lines: tuple[str, ...]) -> None:
    assert PostalAddress("\n".join(lines)).error(allow_international=True) is None


def test_country_line_does_not_count_towards_a_uk_address() -> None:
    postal = PostalAddress("A Person\nSW1A 2AA\nUnited Kingdom")
    assert postal.normalised_lines == ["A Person", "SW1A 2AA"]
    assert postal.error(allow_international=False) == "Address must be at least 3 lines"
