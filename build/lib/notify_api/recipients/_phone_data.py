"""Data tables for phone numbers: billing multipliers and crown dependency ranges.

These are facts, kept as data rather than logic.
"""

from __future__ import annotations

import phonenumbers

# How many billable units one international SMS fragment costs, per country calling code.
# Source: the "billable_units" column of GOV.UK Notify's published international billing rates
# (notifications-utils, international_billing_rates.yml), which come from the SMS provider's price sheet.
# A prefix missing from this table costs 1 unit. North American Numbering Plan areas with their own
# rate are listed under their 4-digit prefix ("1242" Bahamas) and win over "1" by longest prefix match.
RATE_MULTIPLIERS: dict[str, int] = {
    "1": 1, "7": 4, "20": 3, "27": 2, "30": 2, "31": 3, "32": 3, "33": 2, "34": 2, "36": 3, "39": 2,
    "40": 2, "41": 2, "43": 3, "44": 1, "45": 2, "46": 2, "47": 3, "48": 2, "49": 4, "51": 2, "52": 2,
    "53": 2, "54": 3, "55": 2, "56": 1, "57": 1, "58": 2, "60": 1, "61": 2, "62": 2, "63": 1, "64": 3,
    "65": 1, "66": 2, "81": 3, "82": 2, "84": 2, "86": 2, "90": 2, "91": 3, "92": 2, "93": 3, "94": 2,
    "95": 2, "98": 2,
    "211": 2, "212": 2, "213": 2, "216": 2, "218": 2, "220": 2, "221": 2, "222": 2, "223": 2, "224": 3,
    "225": 2, "226": 3, "227": 3, "228": 2, "229": 3, "230": 2, "231": 2, "232": 2, "233": 2, "234": 4,
    "235": 3, "236": 3, "237": 2, "238": 3, "239": 2, "240": 2, "241": 2, "242": 3, "243": 3, "244": 3,
    "245": 3, "246": 2, "248": 2, "249": 2, "250": 2, "251": 2, "252": 2, "253": 2, "254": 1, "255": 1,
    "256": 2, "257": 3, "258": 2, "260": 2, "261": 2, "262": 2, "263": 1, "264": 2, "265": 2, "266": 2,
    "267": 2, "268": 2, "269": 2, "291": 4, "297": 3, "298": 2, "299": 2,
    "350": 2, "351": 2, "352": 2, "353": 3, "354": 2, "355": 2, "356": 2, "357": 2, "358": 3, "359": 4,
    "370": 2, "371": 2, "372": 2, "373": 3, "374": 3, "375": 1, "376": 2, "377": 2, "378": 3, "380": 4,
    "381": 1, "382": 2, "383": 4, "385": 2, "386": 2, "387": 2, "389": 1, "420": 4, "421": 2, "423": 1,
    "500": 2, "501": 3, "502": 3, "503": 2, "504": 2, "505": 3, "506": 2, "507": 2, "508": 2, "509": 3,
    "590": 2, "591": 3, "592": 2, "593": 1, "594": 2, "595": 2, "596": 2, "597": 4, "598": 1, "599": 3,
    "670": 2, "672": 3, "673": 1, "674": 2, "675": 2, "676": 2, "677": 1, "678": 2, "679": 2, "680": 3,
    "681": 4, "682": 3, "683": 4, "685": 3, "686": 4, "687": 3, "689": 2, "690": 4, "691": 2, "692": 1,
    "852": 3, "853": 1, "855": 3, "856": 2, "880": 3, "886": 2,
    "960": 2, "961": 2, "962": 2, "963": 3, "964": 2, "965": 2, "966": 2, "967": 2, "968": 1, "970": 4,
    "971": 2, "972": 3, "973": 3, "974": 1, "975": 2, "976": 2, "977": 2, "992": 2, "993": 2, "994": 2,
    "995": 2, "996": 2, "998": 2,
    "1242": 2, "1246": 3, "1264": 3, "1268": 3, "1284": 3, "1345": 3, "1441": 3, "1473": 3, "1649": 3,
    "1664": 3, "1684": 3, "1721": 1, "1758": 3, "1767": 3, "1784": 3, "1868": 3, "1869": 3, "1876": 3,
}  # fmt: skip

# Calling codes that belong to no country (freephone, satellite, shared cost) cannot receive our texts.
_NON_GEOGRAPHIC_REGION = "001"

# Valid country prefixes: every geographic calling code known to phonenumbers, plus the NANP area
# prefixes above so that they are reported as the number's prefix.
COUNTRY_PREFIXES: frozenset[str] = frozenset(
    str(code)
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
    if regions != (_NON_GEOGRAPHIC_REGION,)
) | frozenset(RATE_MULTIPLIERS)

LONGEST_PREFIX = max(len(prefix) for prefix in COUNTRY_PREFIXES)

UK_PREFIX = "44"

# Mobile ranges run by networks in Jersey, Guernsey and the Isle of Man (digits 3-6 of 44xxxxxxxxxx).
CROWN_DEPENDENCY_RANGES = frozenset(
    {"7781", "7839", "7911", "7509", "7797", "7937", "7700", "7829", "7624", "7524", "7924"}
)
# Ofcom's range for drama (447700 900000-900999) sits inside 7700 but is not a crown dependency number.
DRAMA_RANGE = "7700900"
