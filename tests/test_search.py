"""The search index in pieces (portal/search.py): what it reads from a page, how it spells words,
how it splits its word list. The browser side is tested in tests/test_browser.py."""

import json

import pytest

from portal.search import build_index, fold, read_page, words

ARTICLE = """<html><head><title>Fallback – Portal</title></head><body>
<nav>Navigation, not indexed</nav>
<article class="md-content__inner md-typeset" data-search-body>
<h1 id="title">Berufssprach<em>kurse</em><a class="headerlink" href="#title">¶</a></h1>
<div class="portal-tools"><button>Speichern</button></div>
<aside data-search-exclude><p>Diese Übersetzung ist maschinell.</p></aside>
<p>Deutsch für den Beruf.<br>Kostenlos<script>alert("nicht indexiert")</script></p>
<h2 id="wer">Wer kann teilnehmen?</h2><p>Alle mit <strong>Aufenthalts</strong>erlaubnis.</p>
<h2>Ohne Anker</h2><p>gehört zum Abschnitt davor</p>
</article><footer>Footer, not indexed</footer></body></html>"""


def test_a_page_is_read_as_title_and_sections_without_what_is_no_text():
    page = read_page(ARTICLE, "guidance/kurse/")
    assert page.url == "guidance/kurse/"
    assert page.title == "Berufssprachkurse"  # inline markup joins, the heading anchor is gone
    assert page.sections == [
        ["", "", "Deutsch für den Beruf. Kostenlos"],
        ["wer", "Wer kann teilnehmen?", "Alle mit Aufenthaltserlaubnis. Ohne Anker gehört zum Abschnitt davor"],
    ]


def test_a_page_without_the_search_mark_is_not_indexed():
    assert read_page(ARTICLE.replace(" data-search-body", ""), "x/") is None


def test_a_page_without_a_heading_takes_its_title_from_the_head():
    html = ARTICLE.replace('<h1 id="title">Berufssprach<em>kurse</em>', "<p>").replace("</h1>", "</p>", 1)
    assert read_page(html, "x/").title == "Fallback – Portal"


@pytest.mark.parametrize(
    "typed,indexed",
    [
        ("Ausländische ABSCHLÜSSE", ["auslandische", "abschlusse"]),  # case and accents do not count
        ("Straße", ["strasse"]),
        ("الاعتراف بالشهادات", ["اعتراف", "شهادات"]),  # the Arabic article (also after "with")
        ("الإقامة", ["اقامه"]),  # hamza on alef, ta marbuta
        ("مُدَرِّس", ["مدرس"]),  # vowel marks
        ("كارت ملي", ["کارت", "ملی"]),  # Arabic kaf and yeh as the Persian letters
        ("٢٠٢٦ و ۱۴۰۵", ["2026", "1405"]),  # Eastern Arabic and Persian digits; one-letter words left out
        ("визнання İzmir", ["визнання", "izmir"]),
    ],
)
def test_words_are_compared_as_a_reader_types_them(typed, indexed):
    assert words(typed) == indexed


def test_fold_keeps_letters_it_has_no_reason_to_change():
    assert fold("پېژندنه") == "پېژندنه"


def index_of(texts: list[str]) -> dict:
    pages = [read_page(ARTICLE.replace("Deutsch für den Beruf.", text), f"p{n}/") for n, text in enumerate(texts)]
    return {name: json.loads(data) for name, data in build_index(pages).items()}


def test_each_word_lists_its_pages_with_a_weight_and_each_page_has_its_own_file():
    index = index_of(["Duldung Duldung Duldung", "Beschäftigungsduldung", "Ausbildungsduldung Duldung"])
    piece = index["words/du.json"]
    assert piece["pages"] == 3 and "split" not in piece
    postings = piece["words"]["duldung"]
    assert postings[0::2] == [0, 2]  # pages 0 and 2, as differences to the one before
    assert postings[1] > postings[3] > 0  # three times weighs more than once
    assert index["pages/1.json"]["url"] == "p1/"
    assert index["pages/1.json"]["sections"][0][2].startswith("Beschäftigungsduldung")


def test_a_large_piece_is_split_by_the_next_letter():
    many = [" ".join(f"an{n:05d}x{m}" for m in range(40)) for n in range(120)]
    index = index_of([*many, "an", "anerkennung " * 3])
    top = index["words/an.json"]
    assert list(top["words"]) == ["an"]  # only the word that is the key
    # The longer words' pieces, named by all the letters their words share.
    assert top["split"] == {"0": "an00", "e": "anerkennung", "k": "anker"}  # anker: "Ohne Anker"
    assert list(index["words/anerkennung.json"]["words"]) == ["anerkennung"]
    assert "words/an000.json" in index and "words/an001.json" in index  # an00 was split again
    assert all(len(json.dumps(piece)) < 60_000 for name, piece in index.items() if name.startswith("words/"))


def test_non_latin_pieces_have_ascii_file_names():
    index = index_of(["الاعتراف"])
    assert "words/_627_639.json" in index  # the first two letters' code points
    assert all(name.isascii() for name in index)
