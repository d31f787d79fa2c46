"""The Markdown of tips is shown as HTML: nothing hostile in the text survives."""

from html.parser import HTMLParser

import pytest

from knowledge.markdown import ALLOWED_TAGS, render


class Elements(HTMLParser):
    """Every element and attribute in a piece of HTML, as a browser would see them."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


HOSTILE = [
    "<script>alert(1)</script>",
    "Hello <script src=https://evil.example/x.js></script>",
    '<img src=x onerror="alert(1)">',
    '<a href="https://example.org" onclick="alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<div style="position:fixed">x</div>',
    "<svg><script>alert(1)</script></svg>",
    "![x](javascript:alert(1))",
    '<form action="https://evil.example"><input name=q></form>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_leaves_no_markup_that_runs(text):
    html = render(text)
    for tag, attributes in Elements(html).elements:
        assert tag in ALLOWED_TAGS, html
        assert set(attributes) <= {"href", "title", "rel"}, html
        href = attributes.get("href", "https:")
        assert href.split(":")[0].strip().lower() in {"http", "https", "mailto"}, html
    assert "<script" not in html.lower()


def test_raw_html_is_shown_as_text_not_markup():
    assert render("a <b>bold</b> claim") == "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>\n"


def test_ordinary_markdown_still_renders():
    html = render("Some **bold**, a list:\n\n- one\n- [two](https://example.org)\n")
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">two</a>' in html


def test_tables_render():
    html = render("| a | b |\n| --- | --- |\n| 1 | 2 |\n")
    assert "<table>" in html and "<td>1</td>" in html


def test_empty_text():
    assert render("") == ""
