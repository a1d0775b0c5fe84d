"""Every actor module, imported so that Dramatiq's command line (via ``worker_main.py``) registers them all.

Add each new actor module to the import below.
"""

from notify_workers.actors import (
    alerts,
    delivery,
    health,
    housekeeping,
    inbound,
    jobs,
    letters,
    letters_print,
    providers_periodic,
    receipts,
    reporting,
    research_mode,
    retention,
    returned_letters,
    service_callbacks,
    sweeper,
)

__all__ = [
    "alerts",
    "delivery",
    "health",
    "housekeeping",
    "inbound",
    "jobs",
    "letters",
    "letters_print",
    "providers_periodic",
    "receipts",
    "reporting",
    "research_mode",
    "retention",
    "returned_letters",
    "service_callbacks",
    "sweeper",
]
