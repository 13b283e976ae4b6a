"""The demo portal on a small phone, in every language: it fits the screen and reads right."""

from __future__ import annotations

import pytest

from tests.test_browser import CHROMIUM, browser, server  # noqa: F401 - fixtures

LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "ps", "ls"]  # ls: easy German
WIDTHS = [390, 360, 320]
# One page of every kind the portal has.
PAGE_TYPES = [
    "",
    "events/",
    "events/category/workshop/",
    "events/calendar/",
    "events/calendar/2026-12/",
    "events/archive/",
    "events/archive/2022/",
    "events/2026-12-10-online-anerkennung-berufsabschluesse/",
    "events/sprechstunde-haus-des-handwerks/",
    "guidance/",
    "guidance/arbeitsmarktzugang-duldung/",
    "glossary/",
    "finder/",
    "finder/tolerated/",
    "finder/tolerated/work/",
    "places/",
    "places/service/counselling/",
    "projects/",
    "projects/resque-continued/",
    "stories/",
    "stories/hala/",
    "network/",
    "news/",
    "news/2022-04-04-dokumentarfilm-ich-habs-geschafft/",
    "downloads/",
    "offers/",
    "offers/kind/internship/",
    "offers/praktika-bei-partnerbetrieben/",
    "saved/",
    "offline/",
    "pages/impressum/",
    "mitmachen/",
    "404.html",
]

# What sticks out of the viewport (outside fixed layers such as the drawer and the search,
# and outside scrolling or clipping boxes), innermost first: what a failure names.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const found = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (!box.width || (box.right <= width + 1 && box.left >= -1)) continue;
    let parent = element, contained = false;
    while (parent && parent !== document.body) {
      const style = getComputedStyle(parent);
      if (style.position === 'fixed' || (parent !== element && style.overflowX !== 'visible')) { contained = true; break; }
      parent = parent.parentElement;
    }
    if (contained) continue;
    if ([...element.children].some(child => { const b = child.getBoundingClientRect(); return b.width && (b.right > width + 1 || b.left < -1); })) continue;
    found.push(`${element.tagName.toLowerCase()}.${String(element.className).trim().replace(/\\s+/g, '.')} `
      + `[${Math.round(box.left)}, ${Math.round(box.right)}] "${element.textContent.trim().slice(0, 40)}"`);
  }
  return found.length ? found.slice(0, 5) : [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`];
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_fits_a_small_phone(browser, server, lang):  # noqa: F811
    """WCAG 1.4.10 (reflow): no horizontal scrolling at 390, 360 and 320 CSS pixels."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    prefix = "" if lang == "de" else f"{lang}/"
    problems = []
    for path in PAGE_TYPES:
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(f"{server}/{prefix}{path}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"/{prefix}{path} at {width} px: {overflow}")
    context.close()
    assert not problems, "\n".join(problems)


# --- the month on a phone: an agenda ------------------------------------------------------------

# Every word of the visible text of `selector` on one line (a word broken in two has two boxes).
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    if (!root.getClientRects().length) continue;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      if (!node.parentElement.getClientRects().length) continue;
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("prefix,today", [("", "heute"), ("ar/", "اليوم")])
def test_month_grid_is_an_agenda_on_a_phone_and_a_table_on_a_desktop(browser, server, prefix, today):  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-15T10:00:00+01:00")  # a Tuesday without events
    page.goto(f"{server}/{prefix}events/calendar/2026-12/")
    grid = "table.portal-month-grid"
    assert page.evaluate(f"getComputedStyle(document.querySelector('{grid}')).display") == "block"
    shown = page.locator(f"{grid} td:visible")
    dates = [shown.nth(i).get_attribute("data-date") for i in range(shown.count())]
    # The days with events and today, in order; the empty days and the other months' are left out.
    assert "2026-12-03" in dates and "2026-12-15" in dates and "2026-12-14" not in dates
    assert "2026-11-30" not in dates and dates == sorted(dates)
    thursday = page.locator(f'{grid} td[data-date="2026-12-03"] .portal-day__date')
    assert thursday.is_visible() and "2026" in thursday.inner_text()  # its full date, not a bare "3"
    cell = page.locator(f'{grid} td[data-date="2026-12-15"]')
    assert cell.get_attribute("aria-current") == "date" and today in cell.inner_text()
    assert page.evaluate(BROKEN_WORDS, f"{grid} td") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate(f"getComputedStyle(document.querySelector('{grid}')).display") == "table"
    assert page.locator(f"{grid} thead th:visible").count() == 7
    context.close()


# --- German fragments inside right-to-left text ----------------------------------------------------

# The horizontal centres of the characters of `needle` (spaces left out), where it first appears
# in the rendered text of the page's article: in reading order for a left-to-right fragment.
POSITIONS = """(needle) => {
  const root = document.querySelector('article');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let text = '';
  const where = [];
  for (let node; (node = walker.nextNode());) {
    if (!node.parentElement.getClientRects().length) continue;
    for (let i = 0; i < node.data.length; i++) where.push([node, i]);
    text += node.data;
  }
  const at = text.indexOf(needle);
  if (at < 0) return null;
  const xs = [];
  for (let k = 0; k < needle.length; k++) {
    if (/\\s/.test(needle[k])) continue;
    const [node, i] = where[at + k];
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const box = range.getBoundingClientRect();
    xs.push([needle[k], Math.round(box.left + box.width / 2), Math.round(box.top)]);
  }
  return xs;
}"""

FRAGMENTS = {
    # language: [(page, German fragment as written in the text)]
    "ar": [
        ("guidance/arbeitsmarktzugang-duldung/", "(§ 4a AufenthG)"),
        ("events/ag-ausbildung-und-arbeit/", "(AG „Ausbildung und Arbeit“)"),
        ("", "Dresdner Straße 11/13, 04103 Leipzig"),
    ],
    "fa": [
        ("guidance/arbeitsmarktzugang-duldung/", "§ 4a AufenthG"),
        ("events/ag-ausbildung-und-arbeit/", "«Ausbildung und Arbeit»"),
    ],
    "ps": [
        ("guidance/arbeitsmarktzugang-duldung/", "§ 4a AufenthG"),
        ("events/ag-ausbildung-und-arbeit/", "„Ausbildung und Arbeit“"),
    ],
}


@pytest.mark.parametrize("lang", list(FRAGMENTS))
def test_german_citations_and_names_keep_their_order_in_right_to_left_text(browser, server, lang):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    for path, fragment in FRAGMENTS[lang]:
        page.goto(f"{server}/{lang}/{path}")
        positions = page.evaluate(POSITIONS, fragment)
        assert positions, f"{fragment!r} is not on /{lang}/{path}"
        lines = {top for _char, _x, top in positions}
        xs = [x for _char, x, _top in positions]
        if len(lines) == 1 and xs != sorted(xs):
            problems.append(
                f"/{lang}/{path}: {fragment!r} reads {''.join(c for c, _x, _t in sorted(positions, key=lambda p: p[1]))!r}"
            )
    page.close()
    assert problems == []
