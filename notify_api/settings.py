"""Typed settings, built once from the environment at start-up and passed in.

Nothing else in the project reads ``os.environ``: every knob is a field here, documented in the README.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

NOTIFY_SERVICE_ID: Final = "d6aa2c68-a2d9-4437-ab19-3ae8eb202553"
NOTIFY_USER_ID: Final = "6af522d0-2915-4e52-83a3-3690455a5fe6"
API_PAGE_SIZE: Final = 250
PAGE_SIZE: Final = 50

# Per-environment defaults that the original kept in config classes.
_FROM_NUMBER = {
    "development": "development",
    "test": "testing",
    "preview": "preview",
    "staging": "stage",
    "production": "GOVUK",
    "live": "GOVUK",
}
_EMAIL_DOMAIN = {
    "development": "notify.tools",
    "test": "test.notify.com",
    "preview": "notify.works",
    "staging": "staging-notify.works",
    "production": "notifications.service.gov.uk",
    "live": "notifications.service.gov.uk",
}

# A fixed development secret so that `make run` works out of the box; production must set its own.
_DEV_SECRET = "dev-notify-secret-key-change-me"
_DEV_ADMIN_SECRET = "dev-notify-admin-secret-key-local-only"
_DEV_INBOUND_USERNAME = "username"
_DEV_INBOUND_PASSWORD = "password"
# Environments that must not start with any development secret (see ``check_production_secrets``).
SECRETS_REQUIRED_IN: Final = frozenset({"staging", "production", "live"})


class ProductionSettingsError(SystemExit):
    """A SystemExit, so that a process entry point stops with this one line and no traceback."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    return default if value is None or value == "" else int(value)


def _float(value: str | None, default: float) -> float:
    return default if value is None or value == "" else float(value)


def _json_list(value: str | None, default: list[str]) -> list[str]:
    if value is None or value == "":
        return list(default)
    parsed = json.loads(value)
    return [str(item) for item in parsed] if isinstance(parsed, list) else [str(parsed)]


def _secret_keys(value: str | None, default: str) -> tuple[str, ...]:
    """SECRET_KEY: one key, or a JSON list of keys (newest first) when it starts with ``[``.

    A single key may contain commas; only the leading bracket selects the list form.
    """
    if value is None:
        return (default,)
    if not value.lstrip().startswith("["):
        return (value,)
    parsed = json.loads(value)
    if not parsed or not all(isinstance(key, str) for key in parsed):
        raise ValueError("SECRET_KEY as a list must be a non-empty JSON list of strings, newest first")
    return tuple(parsed)


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    # Database
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/notification_api"
    db_pool_size: int = 15
    job_batch_size: int = 2000  # CSV job rows stored (and their deliveries enqueued) per transaction
    # Overflow connections are closed as soon as they are returned, so under sustained concurrency above the
    # pool they are opened and closed again on every request (bench/post_notifications.py at c64: half the
    # throughput of c16). None by default: a request waits a moment for a pooled connection instead.
    db_max_overflow: int = 0
    db_statement_timeout_seconds: int = 1200
    # Nightly retention: rows moved per transaction (each batch holds its row locks only for its statement)
    retention_batch_size: int = 10_000
    # Operator alerts from the periodic checks: also POSTed as JSON to this URL when set
    alert_webhook_url: str | None = None
    # The API's HTTP server (python -m notify_api.serve)
    http_keep_alive_seconds: int = 65  # longer than a load balancer's usual 60 s idle timeout
    http_graceful_shutdown_seconds: int = 25  # within a platform's usual 30 s before SIGKILL
    http_header_read_timeout_seconds: float = 10.0
    http_body_read_timeout_seconds: float = 10.0  # the longest pause allowed between parts of a body
    # Redis and the task broker
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_enabled: bool = True
    redis_timeout_seconds: float = 2.0  # a hung Redis fails a call (limits fail open, enqueues are relayed)
    broker_url: str = ""  # empty: the Redis URL; amqp://... selects RabbitMQ
    queue_prefix: str = ""
    # Secrets
    secret_key: str = _DEV_SECRET  # the newest key: it seals new values and signs links
    older_secret_keys: tuple[str, ...] = ()  # still open values sealed before a rotation
    admin_client_id: str = "notify-admin"
    internal_client_api_keys: Mapping[str, list[str]] = field(
        default_factory=lambda: {"notify-admin": [_DEV_ADMIN_SECRET]}
    )
    route_secret_keys: tuple[str, ...] = ()
    check_proxy_header: bool = False
    # Hosts and addresses
    api_host_name: str = "http://127.0.0.1:6011"
    admin_base_url: str = "http://localhost:6012"
    notify_email_domain: str = "notify.tools"
    from_number: str = "development"
    api_rate_limit_enabled: bool = True
    # Providers
    mmg_url: str = "http://127.0.0.1:6300/mmg"
    mmg_api_key: str = "mmg-secret-key"
    firetext_url: str = "http://127.0.0.1:6300/firetext"
    firetext_api_key: str = "firetext-secret-key"
    firetext_international_api_key: str = "firetext-international-secret-key"
    mmg_inbound_sms_username: list[str] = field(default_factory=lambda: [_DEV_INBOUND_USERNAME])
    mmg_inbound_sms_auth: list[str] = field(default_factory=lambda: [_DEV_INBOUND_PASSWORD])
    firetext_inbound_sms_auth: list[str] = field(default_factory=lambda: [_DEV_INBOUND_PASSWORD])
    # Delivery receipts over HTTP Basic: off while the password list is empty (the development default)
    mmg_receipt_username: list[str] = field(default_factory=list)
    mmg_receipt_auth: list[str] = field(default_factory=list)
    firetext_receipt_auth: list[str] = field(default_factory=list)
    provider_timeout_seconds: float = 60.0
    # Delivery retries: the first retry is immediate, then one every delivery_retry_delay_seconds
    delivery_max_retries: int = 48
    delivery_retry_delay_seconds: float = 300.0
    # AWS (moto in development and tests)
    aws_region: str = "eu-west-1"
    aws_endpoint_url: str = ""
    aws_access_key_id: str = ""  # empty: the AWS SDK's own credential chain
    aws_secret_access_key: str = ""
    csv_upload_bucket: str = "development-notifications-csv-upload"
    contact_list_bucket: str = "development-contact-list"
    letters_pdf_bucket: str = "development-letters-pdf"
    letters_scan_bucket: str = "development-letters-scan"
    documents_bucket: str = "development-document-download"
    # PDFs users upload on the admin site's Uploads page, before they are sent (the admin site writes them)
    transient_uploaded_letters_bucket: str = "development-transient-uploaded-letters"
    logo_upload_bucket: str = "development-public-logos"  # branding logos; letter logos as SVG
    dvla_response_bucket: str = "development-dvla-response"  # DVLA's ACK and response files
    letters_print_bucket: str = "development-letters-print"  # the print run's zips, collected by the printer
    dvla_email_addresses: list[str] = field(default_factory=list)  # who gets the print run's volumes email
    dvla_sns_topic_arns: list[str] = field(default_factory=list)  # empty: any topic (development)
    verify_sns_signatures: bool = False
    ses_sns_topic_arns: list[str] = field(default_factory=list)  # empty: any topic (development)
    ses_simulator_url: str = ""  # local runs: the provider simulator posts SES receipts (moto sends none)
    # Metrics and logs
    prometheus_multiproc_dir: str = ""
    metrics_bearer_token: str = ""
    log_format: str = "console"  # "json" in production
    log_level: str = "INFO"
    # Caches
    auth_cache_seconds: float = 2.0
    # Build information shown by /_status
    git_commit: str = ""
    build_time: str = ""

    @property
    def is_production(self) -> bool:
        return self.environment in {"production", "live"}

    def is_route_secret(self, presented: str | None) -> bool:
        """Whether an ``X-Custom-Forwarder`` value is one of the route secrets, in constant time."""
        if presented is None:
            return False
        # compare with every key so the time taken does not reveal which one (or how much of it) matched
        matches = [hmac.compare_digest(presented.encode(), key.encode()) for key in self.route_secret_keys]
        return any(matches)

    @property
    def secret_keys(self) -> tuple[str, ...]:
        """Every SECRET_KEY, newest first (what ``Encryption`` takes)."""
        return (self.secret_key, *self.older_secret_keys)

    @property
    def task_broker_url(self) -> str:
        return self.broker_url or self.redis_url

    @property
    def admin_secrets(self) -> list[str]:
        return list(self.internal_client_api_keys.get(self.admin_client_id, []))

    def missing_production_secrets(self) -> list[str]:
        """Names of the secrets unset or left at their development default (where they are required)."""
        if self.environment not in SECRETS_REQUIRED_IN:
            return []
        admin_secrets = [secret for secrets in self.internal_client_api_keys.values() for secret in secrets]
        unsafe = {
            "SECRET_KEY": any(key in ("", _DEV_SECRET) for key in self.secret_keys),
            "INTERNAL_CLIENT_API_KEYS": _unset_or_default(admin_secrets, _DEV_ADMIN_SECRET),
            "MMG_INBOUND_SMS_USERNAME": _unset_or_default(
                self.mmg_inbound_sms_username, _DEV_INBOUND_USERNAME
            ),
            "MMG_INBOUND_SMS_AUTH": _unset_or_default(self.mmg_inbound_sms_auth, _DEV_INBOUND_PASSWORD),
            "FIRETEXT_INBOUND_SMS_AUTH": _unset_or_default(
                self.firetext_inbound_sms_auth, _DEV_INBOUND_PASSWORD
            ),
            "ROUTE_SECRET_KEY_1": not self.route_secret_keys,
            "METRICS_BEARER_TOKEN": not self.metrics_bearer_token,
        }
        return [name for name, is_unsafe in unsafe.items() if is_unsafe]

    def check_production_secrets(self) -> None:
        """Called by every process entry point (API, worker, scheduler) before it starts anything."""
        missing = self.missing_production_secrets()
        if missing:
            raise ProductionSettingsError(
                f"Refusing to start in {self.environment}: set {', '.join(missing)}"
                " (unset or left at the development default)"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        environment = env.get("NOTIFY_ENVIRONMENT", "development")
        production = environment in {"production", "live", "staging"}
        defaults = cls()
        raw_keys = env.get("INTERNAL_CLIENT_API_KEYS")
        internal_keys = (
            {str(k): [str(s) for s in v] for k, v in json.loads(raw_keys).items()}
            if raw_keys
            else dict(defaults.internal_client_api_keys)
        )
        secret_keys = _secret_keys(env.get("SECRET_KEY"), defaults.secret_key)
        route_keys = tuple(
            key for key in (env.get("ROUTE_SECRET_KEY_1", ""), env.get("ROUTE_SECRET_KEY_2", "")) if key
        )
        return cls(
            environment=environment,
            database_url=_async_url(env.get("SQLALCHEMY_DATABASE_URI", defaults.database_url)),
            db_pool_size=_int(env.get("SQLALCHEMY_POOL_SIZE"), defaults.db_pool_size),
            job_batch_size=max(1, _int(env.get("JOB_BATCH_SIZE"), defaults.job_batch_size)),
            db_max_overflow=_int(env.get("SQLALCHEMY_MAX_OVERFLOW"), defaults.db_max_overflow),
            db_statement_timeout_seconds=_int(
                env.get("SQLALCHEMY_STATEMENT_TIMEOUT"), defaults.db_statement_timeout_seconds
            ),
            retention_batch_size=max(1, _int(env.get("RETENTION_BATCH_SIZE"), defaults.retention_batch_size)),
            alert_webhook_url=env.get("ALERT_WEBHOOK_URL") or None,
            http_keep_alive_seconds=_int(
                env.get("HTTP_KEEP_ALIVE_SECONDS"), defaults.http_keep_alive_seconds
            ),
            http_graceful_shutdown_seconds=_int(
                env.get("HTTP_GRACEFUL_SHUTDOWN_SECONDS"), defaults.http_graceful_shutdown_seconds
            ),
            http_header_read_timeout_seconds=_float(
                env.get("HTTP_HEADER_READ_TIMEOUT_SECONDS"), defaults.http_header_read_timeout_seconds
            ),
            http_body_read_timeout_seconds=_float(
                env.get("HTTP_BODY_READ_TIMEOUT_SECONDS"), defaults.http_body_read_timeout_seconds
            ),
            redis_url=env.get("REDIS_URL", defaults.redis_url),
            redis_enabled=_bool(env.get("REDIS_ENABLED"), True),
            redis_timeout_seconds=_float(env.get("REDIS_TIMEOUT_SECONDS"), defaults.redis_timeout_seconds),
            broker_url=env.get("BROKER_URL", ""),
            queue_prefix=env.get("NOTIFICATION_QUEUE_PREFIX", ""),
            secret_key=secret_keys[0],
            older_secret_keys=secret_keys[1:],
            admin_client_id=env.get("ADMIN_CLIENT_ID", defaults.admin_client_id),
            internal_client_api_keys=internal_keys,
            route_secret_keys=route_keys,
            check_proxy_header=_bool(env.get("CHECK_PROXY_HEADER"), production),
            api_host_name=env.get("API_HOST_NAME", defaults.api_host_name).rstrip("/"),
            admin_base_url=env.get("ADMIN_BASE_URL", defaults.admin_base_url).rstrip("/"),
            notify_email_domain=env.get(
                "NOTIFY_EMAIL_DOMAIN", _EMAIL_DOMAIN.get(environment, defaults.notify_email_domain)
            ),
            from_number=env.get("FROM_NUMBER", _FROM_NUMBER.get(environment, defaults.from_number)),
            api_rate_limit_enabled=_bool(env.get("API_RATE_LIMIT_ENABLED"), True),
            mmg_url=env.get("MMG_URL", defaults.mmg_url),
            mmg_api_key=env.get("MMG_API_KEY", defaults.mmg_api_key),
            firetext_url=env.get("FIRETEXT_URL", defaults.firetext_url),
            firetext_api_key=env.get("FIRETEXT_API_KEY", defaults.firetext_api_key),
            firetext_international_api_key=env.get(
                "FIRETEXT_INTERNATIONAL_API_KEY", defaults.firetext_international_api_key
            ),
            mmg_inbound_sms_username=_json_list(
                env.get("MMG_INBOUND_SMS_USERNAME"), defaults.mmg_inbound_sms_username
            ),
            mmg_inbound_sms_auth=_json_list(env.get("MMG_INBOUND_SMS_AUTH"), defaults.mmg_inbound_sms_auth),
            firetext_inbound_sms_auth=_json_list(
                env.get("FIRETEXT_INBOUND_SMS_AUTH"), defaults.firetext_inbound_sms_auth
            ),
            mmg_receipt_username=_json_list(env.get("MMG_RECEIPT_USERNAME"), []),
            mmg_receipt_auth=_json_list(env.get("MMG_RECEIPT_AUTH"), []),
            firetext_receipt_auth=_json_list(env.get("FIRETEXT_RECEIPT_AUTH"), []),
            provider_timeout_seconds=_float(
                env.get("PROVIDER_TIMEOUT_SECONDS"), defaults.provider_timeout_seconds
            ),
            delivery_max_retries=_int(env.get("DELIVERY_MAX_RETRIES"), defaults.delivery_max_retries),
            delivery_retry_delay_seconds=_float(
                env.get("DELIVERY_RETRY_DELAY_SECONDS"), defaults.delivery_retry_delay_seconds
            ),
            aws_region=env.get("AWS_REGION", defaults.aws_region),
            aws_endpoint_url=env.get("AWS_ENDPOINT_URL", ""),
            aws_access_key_id=env.get("AWS_ACCESS_KEY_ID", ""),
            aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY", ""),
            csv_upload_bucket=env.get("CSV_UPLOAD_BUCKET_NAME", defaults.csv_upload_bucket),
            contact_list_bucket=env.get("CONTACT_LIST_BUCKET_NAME", defaults.contact_list_bucket),
            letters_pdf_bucket=env.get("LETTERS_PDF_BUCKET_NAME", defaults.letters_pdf_bucket),
            letters_scan_bucket=env.get("LETTERS_SCAN_BUCKET_NAME", defaults.letters_scan_bucket),
            documents_bucket=env.get("DOCUMENTS_BUCKET_NAME", defaults.documents_bucket),
            dvla_response_bucket=env.get("DVLA_RESPONSE_BUCKET_NAME", defaults.dvla_response_bucket),
            transient_uploaded_letters_bucket=env.get(
                "TRANSIENT_UPLOADED_LETTERS_BUCKET_NAME", defaults.transient_uploaded_letters_bucket
            ),
            logo_upload_bucket=env.get("LOGO_UPLOAD_BUCKET_NAME", defaults.logo_upload_bucket),
            letters_print_bucket=env.get("LETTERS_PRINT_BUCKET_NAME", defaults.letters_print_bucket),
            dvla_email_addresses=_json_list(env.get("DVLA_EMAIL_ADDRESSES"), []),
            dvla_sns_topic_arns=_json_list(env.get("DVLA_SNS_TOPIC_ARNS"), []),
            verify_sns_signatures=_bool(env.get("VERIFY_SNS_SIGNATURES"), production),
            ses_sns_topic_arns=_json_list(env.get("SES_SNS_TOPIC_ARNS"), []),
            ses_simulator_url=env.get("SES_SIMULATOR_URL", ""),
            prometheus_multiproc_dir=env.get("PROMETHEUS_MULTIPROC_DIR", ""),
            metrics_bearer_token=env.get("METRICS_BEARER_TOKEN", ""),
            log_format=env.get("LOG_FORMAT", "json" if production else "console"),
            log_level=env.get("LOG_LEVEL", "INFO"),
            auth_cache_seconds=_float(env.get("AUTH_CACHE_SECONDS"), defaults.auth_cache_seconds),
            git_commit=env.get("GIT_COMMIT", ""),
            build_time=env.get("BUILD_TIME", ""),
        )


def _unset_or_default(values: list[str], development_default: str) -> bool:
    return not values or any(not value or value == development_default for value in values)


def _async_url(url: str) -> str:
    """Accept the plain ``postgresql://`` URLs operators are used to and use the asyncpg driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url
