"""The HTML body of an email (spec §6.4): escaped values, markdown rendered with inline styles.

Markdown is parsed by mistune into a syntax tree; this module renders the tree itself so that only
the elements Notify supports come out, each with the inline styles email clients need.
"""

from __future__ import annotations

import html
import re
from typing import Any

import mistune

from notify_api.rendering.placeholders import Personalisation, fill
from notify_api.rendering.typography import escape_html, smart_typography

Token = dict[str, Any]

PARAGRAPH_STYLE = "Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;"
HEADING_STYLE = (
    "Margin: 0 0 20px 0; padding: 0; font-size: 27px; line-height: 35px; font-weight: bold; color: #0B0C0C;"
)
LIST_TABLE_STYLE = "padding: 0 0 20px 0;"
LIST_CELL_STYLE = "font-family: Helvetica, Arial, sans-serif;"
BULLET_LIST_STYLE = "Margin: 0 0 0 20px; padding: 0; list-style-type: disc;"
NUMBER_LIST_STYLE = "Margin: 0 0 0 20px; padding: 0; list-style-type: decimal;"
LIST_ITEM_STYLE = "Margin: 5px 0 5px; padding: 0 0 0 5px; font-size: 19px; line-height: 25px; color: #0B0C0C;"
BLOCKQUOTE_STYLE = (
    "Margin: 0 0 20px 0; border-left: 10px solid #B1B4B6; padding: 15px 0 0.1px 15px; "
    "font-size: 19px; line-height: 25px;"
)
RULE_STYLE = "border: 0; height: 1px; background: #B1B4B6; Margin: 30px 0 30px 0;"
LINK_STYLE = "word-wrap: break-word; color: #1D70B8;"

LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")

# "GOV.UK" in text is linked by some email clients; a zero-width space after the dot prevents that.
# Addresses such as www.gov.uk, https://gov.uk or gov.uk/page are real links and are left alone.
_GOVUK = re.compile(r"(?<![./\w])(gov)\.(uk)(?![/?#\w])", re.IGNORECASE)
_BULLET_CHARACTER = re.compile(r"^( {0,3})•[ \t]*", re.MULTILINE)
_INSET_TEXT = re.compile(r"^( {0,3})\^", re.MULTILINE)
_BARE_HTML_CHARACTERS = re.compile(r"&(?!#?\w+;)|<|>")
_HTML_REPLACEMENTS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _build_parser() -> mistune.Markdown:
    parser = mistune.create_markdown(renderer=None, hard_wrap=True, plugins=["url"])
    # Emphasis, code and raw HTML are not part of Notify's markdown: their characters stay as text.
    for inline_rule in ("codespan", "emphasis", "inline_html", "auto_email"):
        parser.inline.rules.remove(inline_rule)
    for rules in (parser.block.rules, parser.block.list_rules, parser.block.block_quote_rules):
        for block_rule in ("fenced_code", "indent_code", "raw_html"):
            if block_rule in rules:
                rules.remove(block_rule)
    return parser


_PARSER = _build_parser()


def unlink_govuk(text: str) -> str:
    return _GOVUK.sub("\\1.\u200b\\2", text)


def _to_commonmark(text: str) -> str:
    """Notify's own markers: ``•`` starts a bullet and ``^`` starts inset text (a blockquote)."""
    return _INSET_TEXT.sub("\\1>", _BULLET_CHARACTER.sub("\\1* ", text))


def _escape_text(text: str) -> str:
    # Values were escaped before parsing, so entities already in the text are kept as they are.
    return _BARE_HTML_CHARACTERS.sub(lambda match: _HTML_REPLACEMENTS[match.group(0)], text)


def _render_link(token: Token) -> str:
    label = _render_inline(token.get("children", []))
    url = str(token.get("attrs", {}).get("url", ""))
    if not url.lower().startswith(LINK_SCHEMES):
        return label
    return f'<a style="{LINK_STYLE}" href="{html.escape(url, quote=True)}">{label}</a>'


def _render_inline(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            parts.append(_escape_text(token["raw"]))
        elif kind in ("linebreak", "softbreak"):
            parts.append("<br />")
        elif kind in ("link", "image"):
            parts.append(_render_link(token))
        elif "children" in token:
            parts.append(_render_inline(token["children"]))
        elif "raw" in token:
            parts.append(_escape_text(token["raw"]))
    return "".join(parts)


def _render_list(token: Token) -> str:
    attrs = token.get("attrs", {})
    tag, style = ("ol", NUMBER_LIST_STYLE) if attrs.get("ordered") else ("ul", BULLET_LIST_STYLE)
    start = f' start="{int(attrs["start"])}"' if attrs.get("start", 1) != 1 else ""
    items = "".join(_render_list_item(item) for item in token.get("children", []))
    return (
        f'<table role="presentation" style="{LIST_TABLE_STYLE}"><tr><td style="{LIST_CELL_STYLE}">'
        f'<{tag}{start} style="{style}">{items}</{tag}></td></tr></table>'
    )


def _render_list_item(token: Token) -> str:
    parts: list[str] = []
    previous_was_text = False
    for child in token.get("children", []):
        if child["type"] == "blank_line":
            continue
        is_text = child["type"] in ("block_text", "paragraph")
        if is_text:
            # Paragraphs of a loose list item are lines of the item, not separate <p> elements.
            rendered = _render_inline(child.get("children", []))
            parts.append(("<br />" if previous_was_text else "") + rendered)
        else:
            parts.append(_render_block(child))
        previous_was_text = is_text
    return f'<li style="{LIST_ITEM_STYLE}">{"".join(parts)}</li>'


def _render_block(token: Token) -> str:
    kind = token["type"]
    if kind == "blank_line":
        return ""
    if kind == "heading" and token.get("attrs", {}).get("level") == 1:
        return f'<h2 style="{HEADING_STYLE}">{_render_inline(token["children"])}</h2>'
    if kind == "list":
        return _render_list(token)
    if kind == "block_quote":
        inner = "".join(_render_block(child) for child in token.get("children", []))
        return f'<blockquote style="{BLOCKQUOTE_STYLE}">{inner}</blockquote>'
    if kind == "thematic_break":
        return f'<hr style="{RULE_STYLE}">'
    # Paragraphs, deeper headings and anything unexpected are shown as a paragraph of text.
    if "children" in token:
        content = _render_inline(token["children"])
    else:
        content = _escape_text(str(token.get("raw", "")))
    return f'<p style="{PARAGRAPH_STYLE}">{content}</p>' if content else ""


def render_markdown(text: str) -> str:
    tokens = _PARSER(_to_commonmark(text))
    assert isinstance(tokens, list)
    return "".join(_render_block(token) for token in tokens)


def email_html_body(content: str, values: Personalisation | None) -> str:
    """The email body as HTML, for previews and for the email sent."""
    filled = fill(content, values, markdown_lists=True, escape=escape_html)
    text = unlink_govuk(filled).replace("\u2028", "") + "\n"
    return smart_typography(render_markdown(text), html=True)
