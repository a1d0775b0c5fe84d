import pytest

from notify_api.recipients import InvalidEmailError, normalise_email, validate_email_address

VALID = [
    "email@domain.com",
    "email@domain.COM",
    "firstname.lastname@domain.com",
    "firstname.o'name@domain.com",
    "email@subdomain.domain.com",
    "firstname+lastname@domain.com",
    "1234567890@domain.com",
    "email@domain-one.com",
    "_______@domain.com",
    "email@domain.name",
    "email@domain.superlongtld",
    "email@domain.co.jp",
    "firstname-lastname@domain.com",
    "info@german-financial-services.vermögensberatung",
    "info@german-financial-services.reallylongarbitrarytldthatiswaytoohugejustincase",
    "japanese-info@例え.テスト",
    "email@double--hyphen.com",
    "email@xn--80ak6aa92e.com",
]

INVALID = [
    "email@123.123.123.123",
    "email@[123.123.123.123]",
    "plainaddress",
    "example",
    "@no-local-part.com",
    "Outlook Contact <outlook-contact@domain.com>",
    "no-at.domain.com",
    "no-tld@domain",
    ";beginning-semicolon@domain.co.uk",
    "middle-semicolon@domain.co;uk",
    "trailing-semicolon@domain.com;",
    '"email+leading-quotes@domain.com',
    'email+middle"-quotes@domain.com',
    '"quoted-local-part"@domain.com',
    '"quoted@domain.com"',
    "lots-of-dots@domain..gov..uk",
    "two-dots..in-local@domain.com",
    "multiple@domains@domain.com",
    "spaces in local@domain.com",
    "spaces-in-domain@dom ain.com",
    "underscores-in-domain@dom_ain.com",
    "pipe-in-domain@example.com|gov.uk",
    "comma,in-local@gov.uk",
    "comma-in-domain@domain,gov.uk",
    "pound-sign-in-local£@domain.com",
    "local-with-’-apostrophe@domain.com",
    "local-with-”-quotes@domain.com",
    "domain-starts-with-a-dot@.domain.com",
    "brackets(in)local@domain.com",
    "with(brackets)@example.com",
    "email-too-long-" + "a" * 320 + "@example.com",
    "incorrect-punycode@xn---something.com",
    "label-too-long@" + "a" * 64 + ".com",
    "hyphen-start@-domain.com",
    "hyphen-end@domain-.com",
    "single-letter-tld@domain.c",
    "numeric-tld@domain.123",
]


@pytest.mark.parametrize("address", VALID)
def test_valid_addresses_are_returned_as_given(address: str) -> None:
    assert validate_email_address(address) == address


@pytest.mark.parametrize("address", INVALID)
def test_invalid_addresses(address: str) -> None:
    with pytest.raises(InvalidEmailError) as error:
        validate_email_address(address)
    assert str(error.value) == "Not a valid email address"


def test_invisible_characters_and_surrounding_whitespace_are_removed() -> None:
    assert validate_email_address(" \u200bemail@\u00a0domain.com\ufeff\n") == "email@domain.com"


def test_hostname_too_long_once_encoded() -> None:
    hostname = ".".join(["a" * 60] * 5) + ".com"
    with pytest.raises(InvalidEmailError):
        validate_email_address("me@" + hostname)


def test_normalise_email_lower_cases_and_strips() -> None:
    assert normalise_email("  Someone@Example.COM\u200b ") == "someone@example.com"
