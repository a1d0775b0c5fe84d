"""Recognising the country on the last line of a postal address.

Countries come from pycountry (ISO 3166-1), named as the GOV.UK country register names them where
that differs, plus a small alias table. Matching ignores case, accents and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

UK = "United Kingdom"


@dataclass(frozen=True)
class Country:
    name: str
    code: str | None  # ISO 3166-1 alpha-2; None for places ISO does not list (Kosovo, the Azores)


# Names used on GOV.UK (the FCDO country register) where ISO's name reads differently.
GOVUK_NAMES = {
    "BN": "Brunei", "BO": "Bolivia", "BS": "The Bahamas", "CD": "Congo (Democratic Republic)",
    "CI": "Ivory Coast", "CV": "Cape Verde", "CZ": "Czechia", "FM": "Micronesia", "GM": "The Gambia",
    "IR": "Iran", "KN": "St Kitts and Nevis", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "LC": "St Lucia", "MD": "Moldova", "MM": "Myanmar (Burma)", "PS": "Occupied Palestinian Territories",
    "RU": "Russia", "SY": "Syria", "TL": "East Timor", "TW": "Taiwan", "TZ": "Tanzania",
    "VA": "Vatican City", "VC": "St Vincent", "VE": "Venezuela", "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands", "VN": "Vietnam",
}  # fmt: skip

# Places without their own ISO 3166-1 entry that Royal Mail prices separately or people write.
EXTRA_PLACES = (
    Country("Kosovo", None),
    Country("Azores", None),
    Country("Madeira", None),
    Country("Canary Islands", None),
    Country("Balearic Islands", None),
    Country("Corsica", None),
    Country("Ascension", None),
    Country("Tristan da Cunha", None),
)

# Everything here is posted at UK rates, so the address counts as a UK one. Jersey, Guernsey and the
# Isle of Man have ISO codes of their own but Royal Mail treats them as inland post.
UK_ALIASES = (
    "UK", "U.K.", "GB", "GBR", "Great Britain", "Britain", "England", "Scotland", "Wales", "Cymru",
    "Northern Ireland", "N Ireland", "North Ireland", "NI", "Deyrnas Unedig", "Channel Islands",
    "Jersey", "Guernsey", "Alderney", "Sark", "Herm", "Isle of Man",
)  # fmt: skip

# Other ways people write a country, mapped to the ISO alpha-2 code or an EXTRA_PLACES name.
ALIASES = {
    "USA": "US", "U.S.A.": "US", "US": "US", "America": "US", "United States of America": "US",
    "Hawaii": "US", "ROI": "IE", "Eire": "IE", "Republic of Ireland": "IE", "Irish Republic": "IE",
    "Southern Ireland": "IE", "Holland": "NL", "Macedonia": "MK", "Burma": "MM", "Swaziland": "SZ",
    "Korea": "KR", "Vatican": "VA", "Holy See": "VA", "Czech Republic": "CZ", "Turkiye": "TR",
    "UAE": "AE", "Falklands": "FK", "Saint Helena": "SH", "St Helena": "SH", "Canaries": "Canary Islands",
    "Tenerife": "Canary Islands", "Gran Canaria": "Canary Islands", "Lanzarote": "Canary Islands",
    "Fuerteventura": "Canary Islands", "Majorca": "Balearic Islands", "Mallorca": "Balearic Islands",
    "Menorca": "Balearic Islands", "Ibiza": "Balearic Islands", "Corse": "Corsica",
}  # fmt: skip

# Prefixes people add to a name: "The Netherlands", "Yr Almaen", "Y Swistir".
OPTIONAL_PREFIXES = ("the ", "yr ", "y ")

_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")


def comparable(name: str) -> str:
    """Lower case, accents removed, punctuation and spacing reduced to single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _NOT_LETTER_OR_DIGIT.sub(" ", letters.lower()).strip()


def _iso_country(code: str) -> Country:
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        raise KeyError(code)
    name = GOVUK_NAMES.get(code) or getattr(record, "common_name", None) or record.name
    return Country(str(name), code)


@cache
def _lookup() -> dict[str, Country]:
    table: dict[str, Country] = {}
    for record in pycountry.countries:
        country = _iso_country(record.alpha_2)
        for name in (
            record.name,
            getattr(record, "common_name", None),
            getattr(record, "official_name", None),
        ):
            if name:
                table[comparable(name)] = country
        table[comparable(country.name)] = country
    for place in EXTRA_PLACES:
        table[comparable(place.name)] = place
    extra_by_name = {place.name: place for place in EXTRA_PLACES}
    for alias, target in ALIASES.items():
        table[comparable(alias)] = extra_by_name.get(target) or _iso_country(target)
    united_kingdom = _iso_country("GB")
    for alias in UK_ALIASES:
        table[comparable(alias)] = united_kingdom
    return table


def find_country(text: str) -> Country | None:
    """The country (or territory) a line of an address names, if it names one."""
    key = comparable(text)
    table = _lookup()
    if key in table:
        return table[key]
    for prefix in OPTIONAL_PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in table:
            return table[key[len(prefix) :]]
    return None


# Royal Mail's "Europe" international postage zone (royalmail.com/international-zones, 2021), as
# ISO 3166-1 codes, plus the places in it that have no code of their own.
EUROPE_CODES = frozenset(
    {
        "AL", "AD", "AM", "AT", "AZ", "BY", "BE", "BA", "BG", "HR", "CY", "CZ", "DK", "EE", "FO", "FI",
        "FR", "GE", "DE", "GI", "GR", "GL", "HU", "IS", "IE", "IT", "KZ", "KG", "LV", "LI", "LT", "LU",
        "MT", "MD", "MC", "ME", "NL", "MK", "NO", "PL", "PT", "RO", "RU", "SM", "RS", "SK", "SI", "ES",
        "SE", "CH", "TJ", "TR", "TM", "UA", "UZ", "VA",
    }
)  # fmt: skip
EUROPE_PLACES_WITHOUT_CODE = frozenset(
    {"Kosovo", "Azores", "Madeira", "Canary Islands", "Balearic Islands", "Corsica"}
)


def is_in_europe(country: Country) -> bool:
    if country.code is not None:
        return country.code in EUROPE_CODES
    return country.name in EUROPE_PLACES_WITHOUT_CODE
