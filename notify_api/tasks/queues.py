"""Queue names, as the original system named them."""

from typing import Final

SEND_SMS: Final = "send-sms-tasks"
SEND_EMAIL: Final = "send-email-tasks"
PRIORITY: Final = "priority-tasks"
RESEARCH_MODE: Final = "research-mode-tasks"
NOTIFY_INTERNAL: Final = "notify-internal-tasks"
RETRY: Final = "retry-tasks"
PERIODIC: Final = "periodic-tasks"
REPORTING: Final = "reporting-tasks"
JOBS: Final = "job-tasks"
DATABASE: Final = "database-tasks"
SMS_CALLBACKS: Final = "sms-callbacks"
SES_CALLBACKS: Final = "ses-callbacks"
SERVICE_CALLBACKS: Final = "service-callbacks"
SERVICE_CALLBACKS_RETRY: Final = "service-callbacks-retry"
CREATE_LETTERS_PDF: Final = "create-letters-pdf-tasks"
LETTERS: Final = "letter-tasks"

# Sign-in codes, invitations and priority templates: a worker of their own takes only these, so bulk traffic
# on the other queues can never hold them up (``make run`` starts one; production should too).
PRIORITY_LANE: Final = (PRIORITY, NOTIFY_INTERNAL)

ALL_QUEUES: Final = (
    SEND_SMS,
    SEND_EMAIL,
    PRIORITY,
    RESEARCH_MODE,
    NOTIFY_INTERNAL,
    RETRY,
    PERIODIC,
    REPORTING,
    JOBS,
    DATABASE,
    SMS_CALLBACKS,
    SES_CALLBACKS,
    SERVICE_CALLBACKS,
    SERVICE_CALLBACKS_RETRY,
    CREATE_LETTERS_PDF,
    LETTERS,
)


def prefixed(queue: str, prefix: str) -> str:
    return f"{prefix}{queue}" if prefix else queue
