"""Which international destinations send real delivery receipts.

Source: the ``dlr`` attribute of GOV.UK Notify's international billing rates (the SMS provider's coverage
sheet). Only ``YES`` means the receipt reflects delivery to the handset; ``Carrier DLR``, ``NO``, empty and
unknown do not, so receipts for those countries are ignored and the message stays ``sent``. Listing the
exceptions keeps the table short; a calling code missing from every list is treated as "no receipts".
"""

from __future__ import annotations

from typing import Final

from notify_api.recipients.phone import country_prefix

_CARRIER_RECEIPT_ONLY: Final = frozenset(
    {"1", "52", "56", "84", "86", "263", "373", "681", "683", "686", "690", "1242", "1246", "1684"}
)
_NO_RECEIPTS: Final = frozenset({"54", "57", "886", "593"})
_RECEIPTS_UNKNOWN: Final = frozenset(
    {
        "211", "222", "228", "229", "231", "236", "238", "239", "240", "245", "246", "249", "252", "253",
        "257", "262", "266", "269", "297", "298", "299", "378", "383", "504", "505", "508", "509", "594",
        "595", "596", "597", "670", "672", "674", "676", "677", "678", "680", "682", "685", "691", "692",
        "960", "967", "970", "975", "993", "1441", "1721", "1868",
    }
)  # fmt: skip
WITHOUT_DELIVERY_RECEIPTS: Final = _CARRIER_RECEIPT_ONLY | _NO_RECEIPTS | _RECEIPTS_UNKNOWN


def country_records_delivery(phone_prefix: str | None) -> bool:
    """True when receipts from this calling code (as stored on the notification) mean real delivery."""
    if not phone_prefix:
        return False
    known = country_prefix(phone_prefix)
    return known == phone_prefix and phone_prefix not in WITHOUT_DELIVERY_RECEIPTS
