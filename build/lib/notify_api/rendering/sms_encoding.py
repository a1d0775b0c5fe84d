"""SMS character encoding: the GSM 03.38 character set plus Welsh vowels (spec §6.2 step 7)."""

from __future__ import annotations

import unicodedata

# GSM 03.38 basic character set (the escape code itself is not a character).
GSM_BASIC_CHARACTERS = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters from the GSM extension table: each one takes two characters' room in a text.
GSM_EXTENDED_CHARACTERS = frozenset("^{}\\[~]|€")

_WELSH_VOWELS_LOWER = "àèìòùẁỳáéíóúẃýäëïöüẅÿâêîôûŵŷ"
WELSH_CHARACTERS = frozenset(_WELSH_VOWELS_LOWER + _WELSH_VOWELS_LOWER.upper())
# Welsh vowels that GSM cannot carry: one of these forces the whole message into UCS-2.
WELSH_NON_GSM_CHARACTERS = WELSH_CHARACTERS - GSM_BASIC_CHARACTERS

ALLOWED_CHARACTERS = GSM_BASIC_CHARACTERS | GSM_EXTENDED_CHARACTERS | WELSH_CHARACTERS

REPLACEMENTS = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2026": "...",  # horizontal ellipsis
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\t": " ",
    "\u00a0": " ",  # no-break space
    "\u180e": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}
UNKNOWN_CHARACTER = "?"


def _downgrade(character: str) -> str:
    """Follow canonical decompositions (ć -> c) until an allowed character is reached."""
    while character not in ALLOWED_CHARACTERS:
        decomposition = unicodedata.decomposition(character)
        if not decomposition or decomposition.startswith("<"):
            return UNKNOWN_CHARACTER
        character = chr(int(decomposition.split()[0], 16))
    return character


def encode_character(character: str) -> str:
    if character in ALLOWED_CHARACTERS:
        return character
    if character in REPLACEMENTS:
        return REPLACEMENTS[character]
    return _downgrade(character)


# Printable ASCII but the backtick is all in the GSM set, so most texts need no per-character work.
_PLAIN_ASCII = frozenset(ALLOWED_CHARACTERS & set(map(chr, range(128))))


def sms_encode(text: str) -> str:
    """The text as the phone will show it: unsupported characters replaced or downgraded."""
    if _PLAIN_ASCII.issuperset(text):
        return text
    return "".join(encode_character(character) for character in text)


def is_unicode(encoded: str) -> bool:
    """Whether the encoded text must be sent as UCS-2 (it has a Welsh vowel GSM lacks)."""
    return any(character in WELSH_NON_GSM_CHARACTERS for character in encoded)


def extended_character_count(encoded: str) -> int:
    return sum(character in GSM_EXTENDED_CHARACTERS for character in encoded)
