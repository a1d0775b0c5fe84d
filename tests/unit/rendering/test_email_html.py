import re

import pytest

from notify_api.rendering import email_html_body
from notify_api.rendering.email_html import (
    BLOCKQUOTE_STYLE,
    HEADING_STYLE,
    LINK_STYLE,
    LIST_ITEM_STYLE,
    PARAGRAPH_STYLE,
    RULE_STYLE,
    unlink_govuk,
)

P = f'<p style="{PARAGRAPH_STYLE}">'
LI = f'<li style="{LIST_ITEM_STYLE}">'


def tags(html: str) -> list[str]:
    """The element names in order, to compare structure without the styles."""
    return re.findall(r"</?[a-z0-9]+", html)


def test_paragraph_style_is_exact() -> None:
    assert PARAGRAPH_STYLE == "Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;"
    assert email_html_body("Hello", None) == f"{P}Hello</p>"


def test_paragraphs_and_hard_wraps() -> None:
    html = email_html_body("line one\nline two\n\nnext paragraph", None)
    assert html == f"{P}line one<br />line two</p>{P}next paragraph</p>"


def test_first_level_heading_is_a_styled_h2_and_deeper_headings_are_paragraphs() -> None:
    html = email_html_body("# Title\n\n## Not a heading\n\n### Nor this", None)
    assert html == f'<h2 style="{HEADING_STYLE}">Title</h2>{P}Not a heading</p>{P}Nor this</p>'


@pytest.mark.parametrize("marker", ["*", "-", "•", "+"])
def test_bullet_lists_are_wrapped_in_a_presentation_table(marker: str) -> None:
    html = email_html_body(f"Intro\n\n{marker} one\n{marker} two", None)
    assert tags(html) == [
        "<p", "</p", "<table", "<tr", "<td", "<ul", "<li", "</li", "<li", "</li", "</ul", "</td", "</tr",
        "</table",
    ]  # fmt: skip
    assert '<table role="presentation"' in html
    assert f"{LI}one</li>{LI}two</li>" in html


def test_numbered_lists() -> None:
    html = email_html_body("1. one\n2. two", None)
    assert "<ol" in html and "<ul" not in html
    assert f"{LI}one</li>{LI}two</li>" in html


def test_loose_and_nested_list_items() -> None:
    html = email_html_body("* a\n\n* b\n\n  more\n  * nested\n* c", None)
    assert tags(html).count("<ul") == 2
    assert f"{LI}b<br />more<table" in html
    assert f"{LI}nested</li>" in html
    assert "<p" not in html


def test_numbered_lists_keep_their_first_number() -> None:
    assert '<ol start="3" ' in email_html_body("3. three\n4. four", None)


def test_list_personalisation_renders_as_a_list() -> None:
    html = email_html_body("You need:((items))", {"items": ["passport", None, "<photo>"]})
    assert html.startswith(f"{P}You need:</p><table")
    assert f"{LI}passport</li>{LI}&lt;photo&gt;</li>" in html


def test_caret_is_inset_text() -> None:
    html = email_html_body("^ Important\n\nAfter", None)
    assert html == f'<blockquote style="{BLOCKQUOTE_STYLE}">{P}Important</p></blockquote>{P}After</p>'


def test_three_hyphens_are_a_rule() -> None:
    assert (
        email_html_body("Above\n\n---\n\nBelow", None) == f'{P}Above</p><hr style="{RULE_STYLE}">{P}Below</p>'
    )


def test_urls_are_linked() -> None:
    html = email_html_body("Go to https://example.com/path?a=1&b=2.", None)
    link = f'<a style="{LINK_STYLE}" href="https://example.com/path?a=1&amp;b=2">'
    assert html == f"{P}Go to {link}https://example.com/path?a=1&amp;b=2</a>.</p>"


def test_markdown_links_are_linked_but_unsafe_schemes_are_not() -> None:
    html = email_html_body("[Apply](https://example.com) [bad](javascript:alert(1))", None)
    assert f'<a style="{LINK_STYLE}" href="https://example.com">Apply</a> bad' in html
    assert "javascript" not in html


@pytest.mark.parametrize(
    "content",
    ["*emphasis*", "**strong**", "_under_", "`code`", "~~strike~~"],
)
def test_emphasis_code_and_strikethrough_are_not_rendered(content: str) -> None:
    assert email_html_body(content, None) == f"{P}{content}</p>"


def test_indented_text_is_not_a_code_block() -> None:
    assert email_html_body("    indented", None) == f"{P}indented</p>"


def test_values_and_template_html_are_escaped() -> None:
    html = email_html_body("<script>((name))</script> &amp; ((name))", {"name": "<b>Jo & co</b>"})
    escaped_value = "&lt;b&gt;Jo &amp; co&lt;/b&gt;"
    assert html == f"{P}&lt;script&gt;{escaped_value}&lt;/script&gt; &amp; {escaped_value}</p>"


def test_smart_typography_applies_to_text_not_attributes() -> None:
    html = email_html_body('He said "hello" - it\'s https://example.com', None)
    assert "He said \u201chello\u201d \u2013 it\u2019s" in html
    assert f'style="{LINK_STYLE}"' in html


def test_line_separator_is_removed() -> None:
    assert email_html_body("a\u2028b", None) == f"{P}ab</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GOV.UK", "GOV.\u200bUK"),
        ("gov.uk", "gov.\u200buk"),
        ("Visit GOV.UK.", "Visit GOV.\u200bUK."),
        ("GOV.UK/register", "GOV.UK/register"),
        ("gov.uk?q=1", "gov.uk?q=1"),
        ("gov.uk#top", "gov.uk#top"),
        ("www.gov.uk", "www.gov.uk"),
        ("https://gov.uk", "https://gov.uk"),
    ],
)
def test_unlink_govuk(text: str, expected: str) -> None:
    assert unlink_govuk(text) == expected
