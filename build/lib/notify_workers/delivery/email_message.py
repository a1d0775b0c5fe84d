"""The email we hand to SES: a MIME message with a plain-text and an HTML part (spec §3.3a step 5).

From is ``"{service name}" <{email_from}@{NOTIFY_EMAIL_DOMAIN}>``, Reply-To the notification's
``reply_to_text``. Internationalised domains are sent in punycode. The HTML part wraps the rendered body in
a simple layout: the service's email branding if it has one, otherwise the GOV.UK banner.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from urllib.parse import urlsplit

from notify_api.notifications.delivery.queries import EmailBranding
from notify_api.rendering import escape_html


@dataclass(frozen=True)
class OutgoingEmail:
    source: str
    to: str
    subject: str
    text_body: str
    html_body: str
    reply_to: str | None = None


def punycode_address(address: str) -> str:
    """``user@exämple.com`` -> ``user@xn--exmple-cua.com``; the local part is left as it is."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return address.strip()
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address.strip()


def sender_address(service_name: str, email_from: str, email_domain: str) -> str:
    address = f"{email_from}@{email_domain}"
    if service_name.isascii():
        quoted = service_name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{quoted}" <{address}>'
    return formataddr((service_name, address), charset="utf-8")  # RFC 2047 encoded display name


def raw_mime(email: OutgoingEmail) -> bytes:
    message = EmailMessage(policy=SMTP)
    message["Subject"] = email.subject
    message["From"] = email.source
    message["To"] = punycode_address(email.to)
    if email.reply_to:
        message["Reply-To"] = punycode_address(email.reply_to)
    message.set_content(email.text_body, charset="utf-8")
    message.add_alternative(email.html_body, subtype="html", charset="utf-8")
    return message.as_bytes()


def logo_url(admin_base_url: str, logo: str) -> str:
    """Logos are served from ``static-logos.<admin domain>``."""
    host = urlsplit(admin_base_url).netloc.removeprefix("www.")
    return f"https://static-logos.{host}/{logo}"


_FONT = "font-family: Helvetica, Arial, sans-serif;"
_GOVUK_BANNER = (
    f'<table role="presentation" width="100%" style="border-collapse: collapse; background: #0b0c0c;"><tr>'
    f'<td style="padding: 10px 20px; {_FONT} font-size: 28px; font-weight: 700; color: #ffffff;">GOV.UK</td>'
    f"</tr></table>"
)


def _branding_banner(branding: EmailBranding, admin_base_url: str) -> str:
    colour = branding.colour or "#ffffff"
    parts: list[str] = []
    if branding.logo:
        url = escape_html(logo_url(admin_base_url, branding.logo))
        alt = escape_html(branding.name)
        parts.append(f'<img src="{url}" alt="{alt}" height="108" style="display: block; border: 0;">')
    if branding.text:
        parts.append(f'<span style="{_FONT} font-size: 19px;">{escape_html(branding.text)}</span>')
    return (
        f'<table role="presentation" width="100%" style="border-collapse: collapse; '
        f'border-left: 10px solid {escape_html(colour)};"><tr><td style="padding: 10px 20px;">'
        f"{''.join(parts)}</td></tr></table>"
    )


def html_document(body_html: str, branding: EmailBranding | None, admin_base_url: str) -> str:
    banner = _GOVUK_BANNER if branding is None else _branding_banner(branding, admin_base_url)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"></head>'
        f'<body style="margin: 0; {_FONT}">{banner}'
        '<table role="presentation" width="100%" style="border-collapse: collapse; max-width: 580px;"><tr>'
        f'<td style="padding: 30px 20px; {_FONT}">{body_html}</td></tr></table></body></html>'
    )
