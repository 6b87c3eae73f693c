"""The link and title keys of duplicate finding: variants that must meet, and must not."""

from __future__ import annotations

import pytest

from curator.core.duplicates import is_story_link, normalize_link, normalize_title

SAME_PAGE = [
    ("https://example.org/news/story", "http://example.org/news/story"),
    ("https://example.org/news/story", "https://www.example.org/news/story"),
    ("https://example.org/news/story", "https://example.org/news/story/"),
    ("https://example.org/news/story", "https://EXAMPLE.org/news/story"),
    ("https://example.org/news/story", "https://example.org./news/story"),
    ("https://example.org/news/story", "https://example.org:443/news/story"),
    ("https://example.org/news/story", "http://example.org:80/news/story"),
    ("https://example.org/news/story", "https://user:secret@example.org/news/story"),
    ("https://example.org/news/story", "https://example.org/news/story#comments"),
    ("https://example.org/news/story", "  https://example.org/news/story  "),
    ("https://example.org/news/story", "www.example.org/news/story"),
    ("https://example.org/news/story", "https://example.org/news/story?utm_source=feed"),
    ("https://example.org/news/story", "https://example.org/news/story?UTM_Campaign=x&utm_medium=y"),
    ("https://example.org/news/story", "https://example.org/news/story?fbclid=IwAR0abc"),
    ("https://example.org/news/story", "https://example.org/news/story?gclid=Cj0KCQ"),
    ("https://example.org/news/story", "https://example.org/news/story?mc_eid=1&mc_cid=2"),
    ("https://example.org/news/story", "https://example.org/news/story?"),
    ("https://example.org/news/story?id=7", "https://example.org/news/story/?utm_source=a&id=7"),
    ("https://example.org/s?a=1&b=2", "https://example.org/s?b=2&a=1"),
    ("https://example.org/a%20b", "https://example.org/a b"),
    ("https://example.org/caf%C3%A9", "https://example.org/café"),
    ("https://xn--bcher-kva.example/a", "https://bücher.example/a"),
    ("https://BÜCHER.example/a", "https://bücher.example/a"),
]

OTHER_PAGE = [
    ("https://example.org/news/story", "https://example.org/news/other"),
    ("https://example.org/news/Story", "https://example.org/news/story"),  # paths keep case
    ("https://example.org/story?id=1", "https://example.org/story?id=2"),
    ("https://example.org/story?id=1", "https://example.org/story"),
    ("https://example.org/story", "https://example.com/story"),
    ("https://news.example.org/story", "https://example.org/story"),
    ("https://example.org:8443/story", "https://example.org/story"),
    ("ftp://example.org/story", "https://example.org/story"),
    ("https://example.org/app#!/one", "https://example.org/app#!/two"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PAGE)
def test_links_to_one_page_get_one_key(a: str, b: str) -> None:
    assert normalize_link(a) == normalize_link(b)


@pytest.mark.parametrize(("a", "b"), OTHER_PAGE)
def test_links_to_other_pages_keep_apart(a: str, b: str) -> None:
    assert normalize_link(a) != normalize_link(b)


def test_the_key_reads_as_host_path_and_query() -> None:
    assert normalize_link("HTTPS://www.Example.org/news/story/?utm_source=feed&id=7#top") \
        == "example.org/news/story?id=7"


@pytest.mark.parametrize("url", [None, "", "   "])
def test_no_link_has_no_key(url: str | None) -> None:
    assert normalize_link(url) is None


def test_a_malformed_link_is_compared_as_typed() -> None:
    assert normalize_link("https://example.org:port/x") == "https://example.org:port/x"
    assert normalize_link("https://example.org:port/x") != normalize_link("https://example.org/x")


@pytest.mark.parametrize(("url", "story"), [
    ("https://example.org/news/story", True),
    ("https://example.org/?id=3", True),
    ("https://www.example.org/", False),
    ("https://example.org/?utm_source=feed", False),
    ("example.org", False),
    (None, False),
])
def test_a_site_home_page_does_not_name_a_story(url: str | None, story: bool) -> None:
    assert is_story_link(normalize_link(url)) is story


SAME_TITLE = [
    ("Hydrogen grids: the next step", "hydrogen grids — the next step!"),
    ("Hydrogen grids: the next step", "HYDROGEN   GRIDS, THE NEXT STEP"),
    ("Hydrogen grids: the next step", "\tHydrogen grids\u00a0the next step\n"),
    ("Hydrogen grids: the next step", "“Hydrogen grids” – the next step…"),
    ("R&D spending rises", "R&amp;D spending rises"),  # an HTML entity typed as text
    ("Straße wird gebaut", "STRASSE WIRD GEBAUT"),  # full case folding, not lower()
    ("ΣΊΣΥΦΟΣ returns", "σίσυφος returns"),  # final sigma
    ("ＦＵＬＬ width ２０２５", "full width 2025"),  # NFKC compatibility forms
    ("ﬁnance ﬂows", "finance flows"),  # ligatures
    ("電力 市場、改革。", "電力 市場 改革"),  # CJK punctuation
    ("أسعار الطاقة، ترتفع", "أسعار الطاقة ترتفع"),  # Arabic comma
    ("Café society", "Cafe\u0301 society"),  # composed and decomposed accents
    ("Solar_power grows", "solar power grows"),
]

OTHER_TITLE = [
    ("Phase 2 trials begin", "Phase 3 trials begin"),
    ("Café society", "Cafe society"),  # accents are letters: resume is not résumé
    ("Grid storage", "Storage grid"),  # word order is kept in the key
    ("New York", "NewYork"),
]


@pytest.mark.parametrize(("a", "b"), SAME_TITLE)
def test_titles_typed_differently_get_one_key(a: str, b: str) -> None:
    assert normalize_title(a) == normalize_title(b)


@pytest.mark.parametrize(("a", "b"), OTHER_TITLE)
def test_other_titles_keep_apart(a: str, b: str) -> None:
    assert normalize_title(a) != normalize_title(b)


def test_a_title_key_is_words_in_lower_case_single_spaced() -> None:
    assert normalize_title("  The NEXT step -- for (green) Hydrogen!! ") \
        == "the next step for green hydrogen"


@pytest.mark.parametrize("title", ["", None, "!!! — …", "   "])
def test_a_title_of_no_words_has_an_empty_key(title: str | None) -> None:
    assert normalize_title(title) == ""
