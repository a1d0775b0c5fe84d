"""The two pages a recipient of a file can see instead of the file: confirm your address, and file gone.

Plain HTML with inline styles and no scripts or outside resources, so it works in any browser and its
Content-Security-Policy can forbid everything else.
"""

from __future__ import annotations

from html import escape
from typing import Final

from starlette.responses import HTMLResponse

PAGE_HEADERS: Final = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    ),
}
NOT_THE_RECIPIENT: Final = (
    "This is not the email address the file was sent to. "
    "To confirm the file was meant for you, enter the email address you received the email at."
)
_STYLE: Final = """
body { font-family: Arial, sans-serif; margin: 0; color: #0b0c0c; line-height: 1.4; }
main { max-width: 40em; margin: 0 auto; padding: 2em 1em; }
h1 { font-size: 2em; margin: 0 0 0.6em; }
label { display: block; font-weight: bold; margin-bottom: 0.3em; }
input[type=email] { font-size: 1.1em; padding: 0.3em; width: 100%; max-width: 25em;
  border: 2px solid #0b0c0c; }
button { font-size: 1.1em; margin-top: 1em; padding: 0.4em 1em; color: #fff; background: #00703c; border: 0; }
.error { color: #d4351c; font-weight: bold; border-left: 5px solid #d4351c; padding-left: 0.6em; }
"""


def _page(title: str, body: str, status_code: int) -> HTMLResponse:
    html = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>\n"
    )
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)


def confirm_email_page(action: str, key: str, *, error: str | None = None, email: str = "") -> HTMLResponse:
    """The form that posts the key (never in the URL it posts to) and the address to ``action``."""
    error_html = f'<p class="error" id="email-error">{escape(error)}</p>' if error else ""
    described_by = ' aria-describedby="email-error"' if error else ""
    body = (
        "<p>To download this file, enter the email address it was sent to.</p>"
        f'<form method="post" action="{escape(action)}" novalidate>'
        f'<input type="hidden" name="key" value="{escape(key)}">'
        '<label for="email_address">Email address</label>'
        f"{error_html}"
        '<input type="email" id="email_address" name="email_address" autocomplete="email" spellcheck="false"'
        f'{described_by} value="{escape(email)}">'
        '<br><button type="submit">Continue</button>'
        "</form>"
    )
    return _page("Confirm your email address", body, 400 if error else 200)


def file_gone_page() -> HTMLResponse:
    body = (
        "<p>The file you are looking for has been deleted: files sent by email are only kept for as long "
        "as the sender chose.</p>"
        "<p>If you still need it, contact the service that sent you the email and ask them to send it "
        "again.</p>"
    )
    return _page("This file is no longer available", body, 410)
