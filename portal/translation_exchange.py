"""Files for translators: export texts to a PO file, import the translated file back.

PO (GNU gettext) is read by Weblate, Poedit, Lokalize, Transifex, Crowdin and the CAT tools of
translation agencies (memoQ, Trados, Phrase); the portal writes and reads it with polib.

Each text is one entry; a Markdown body is split into its blocks (paragraphs, headings, lists),
one entry each, so that translation memories match sentence-sized pieces and a translator never
has to handle Markdown around them. An entry's context says where the text lives
(`guidance/duldung:body:3`), its notes say on which page it appears and which glossary terms it
contains, with their explanations agreed in the target language. An outdated translation comes
as the entry's current text, marked fuzzy (to be checked), as translation tools expect.

Importing writes the texts back where they belong (the sibling file `x.ar.md`, or the text in the
YAML file), records that they match the current original, and refuses a text that lost its
Markdown structure (heading, list), a link, or a German glossary term: those are reported and
the item is left as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polib

from portal.content import Content
from portal.messages import _
from portal.site import SiteConfig
from portal.translations import (
    DOCS,
    SITE,
    TranslationState,
    Unit,
    dump_yaml,
    load_yaml_roundtrip,
    set_yaml_record,
    split_markdown,
    text_digest,
    translation_states,
    translation_units,
    write_front_matter,
    yaml_text,
)

FILTERS = ("missing", "outdated", "current", "machine")
_BLANK_LINES = re.compile(r"(\n[ \t]*\n+)")
_FENCE = re.compile(r"^(```|~~~)")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_BLOCK_MARK = re.compile(r"^(#{1,6} |[-*+] |\d+[.)] |> |\|)")


def split_blocks(body: str) -> tuple[list[str], list[str]]:
    """A Markdown body's blocks and the blank-line runs between them (kept for writing back).

    Fenced code is kept whole, even when it has blank lines inside.
    """
    parts = _BLANK_LINES.split(body.strip("\n"))
    blocks, gaps = [], []
    pending: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:  # a separator
            if pending:
                pending.append(part)
            else:
                gaps.append(part)
            continue
        if pending:
            pending.append(part)
            if _FENCE.match(part.strip().splitlines()[-1] if part.strip() else ""):
                blocks.append("".join(pending))
                pending = []
            continue
        fences = sum(1 for line in part.splitlines() if _FENCE.match(line.strip()))
        if fences % 2:
            pending = [part]
            continue
        blocks.append(part)
    if pending:
        blocks.append("".join(pending))
    gaps = gaps[: max(0, len(blocks) - 1)]
    return blocks, gaps


def join_blocks(blocks: list[str], gaps: list[str]) -> str:
    text = blocks[0] if blocks else ""
    for block, gap in zip(blocks[1:], gaps + ["\n\n"] * len(blocks), strict=False):
        text += gap + block
    return text + "\n"


def _page_address(site: SiteConfig, state: TranslationState) -> str:
    prefix = "" if state.lang == site.default_language else f"/{state.lang}"
    if state.kind == DOCS:
        path = state.item.removesuffix("index")
        return f"{prefix}/{path}"
    if state.kind == SITE:
        return f"{prefix}/ (labels, title)"
    return f"{prefix}/{state.kind}/{state.item}/"


def _glossary_notes(content: Content | None, text: str, lang: str, default: str) -> list[str]:
    if content is None:
        return []
    notes = []
    for entry in content.glossary.values():
        if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for word in entry.words()):
            agreed = entry.explanation.get(lang) or entry.explanation.get(default, "")
            notes.append(
                _(
                    "Glossary: keep the German term {term} (readers meet it at the authorities); agreed explanation: {text}",
                    term=entry.term,
                    text=agreed,
                )
            )
    return notes


def _entries_for(unit: Unit, name: str) -> list[tuple[str, str]]:
    """(context suffix, German text) for one text of a unit: a body is one entry per block."""
    if name == "body" and not unit.inline:
        return [(f"body:{index}", block) for index, block in enumerate(split_blocks(unit.source[name])[0])]
    return [(name, unit.source[name])]


def export_po(
    site: SiteConfig,
    lang: str,
    kinds: list[str] | None = None,
    only: list[str] | None = None,
    content: Content | None = None,
) -> polib.POFile:
    """The texts to translate into `lang` as a PO file (missing and outdated first, as the report)."""
    language = site.language(lang)
    units = {(unit.kind, unit.item): unit for unit in translation_units(site)}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": site.title.get(site.default_language, "portal"),
        "Language": language.tag,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": site.language(site.default_language).tag,
        "X-Generator": "portal translations export",
    }
    for state in translation_states(site):
        if state.lang != lang or (kinds and state.kind not in kinds):
            continue
        if only and not _matches(state, only):
            continue
        unit = units[(state.kind, state.item)]
        current = unit.translated.get(lang, {}) if state.state != "missing" else {}
        for name in unit.source:
            entries = _entries_for(unit, name)
            translated = _aligned(unit, name, current.get(name), len(entries))
            for (suffix, source), target in zip(entries, translated, strict=True):
                if not source.strip():
                    continue
                notes = [
                    _("Page: {address}", address=_page_address(site, state)),
                    *(_glossary_notes(content, source, lang, site.default_language)),
                ]
                if state.machine and not state.reviewed and target:
                    notes.append(_("The current translation was made by machine and has not been reviewed."))
                entry = polib.POEntry(
                    msgctxt=f"{state.kind}/{state.item}:{suffix}",
                    msgid=source,
                    msgstr=target or "",
                    comment="\n".join(notes),
                    occurrences=[(site.relative(unit.original), "")],
                )
                if target and state.state == "outdated":
                    entry.flags.append("fuzzy")
                if name == "body" or name.endswith(("description", "report")):
                    entry.flags.append("markdown-text")
                po.append(entry)
    return po


def _matches(state: TranslationState, only: list[str]) -> bool:
    if state.state in only:
        return True
    if "machine" in only and state.machine and not state.reviewed and state.state != "missing":
        return True
    # Texts inside YAML that this language lacks count as missing, even if others are translated.
    return "missing" in only and bool(state.missing_texts)


def _aligned(unit: Unit, name: str, translated: str | None, count: int) -> list[str | None]:
    """The current translation of a text, split like the original (empty where it cannot be)."""
    if translated is None:
        return [None] * count
    if name == "body" and not unit.inline:
        blocks = split_blocks(translated)[0]
        return blocks if len(blocks) == count else [None] * count
    return [translated]


# --- import -----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)  # the files written
    problems: list[str] = field(default_factory=list)  # items not written, and why


def _structure_problems(source: str, target: str, glossary_words: list[list[str]], check_terms: bool) -> list[str]:
    problems = []
    mark = _BLOCK_MARK.match(source.lstrip())
    if mark and not target.lstrip().startswith(mark.group(1).strip()):
        problems.append(_("its Markdown structure changed (the original starts with {mark!r})", mark=mark.group(1)))
    links = _LINK_TARGET.findall(source) + _AUTOLINK.findall(source)
    lost = [link for link in links if link not in target]
    if lost:
        problems.append(_("links are missing or changed: {links}", links=", ".join(lost)))
    if check_terms:
        for words in glossary_words:
            if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", source) for w in words) and not any(
                w in target for w in words
            ):
                problems.append(_("the German glossary term {term} is missing", term=words[0]))
    return problems


def import_po(
    path: Path,
    site: SiteConfig,
    content: Content | None = None,
    machine: bool = False,
    reviewed_by: str | None = None,
    today: date | None = None,
) -> ImportReport:
    """Write the translations of a PO file into the site's files, marked current."""
    po = polib.pofile(str(path))
    tag = po.metadata.get("Language", "")
    lang = next((language.code for language in site.languages if tag in (language.tag, language.code)), None)
    report = ImportReport()
    if lang is None or lang == site.default_language:
        report.problems.append(
            _("{file}: its Language header {tag!r} is none of the site's translation languages", file=path, tag=tag)
        )
        return report
    glossary_words = [entry.words() for entry in content.glossary.values()] if content is not None else []
    check_terms = site.language(lang).variant_of is None  # easy German explains terms in its own words
    grouped: dict[tuple[str, str], dict[str, polib.POEntry]] = {}
    for entry in po:
        if not entry.msgctxt or ":" not in entry.msgctxt or entry.obsolete:
            continue
        key, _sep, suffix = entry.msgctxt.partition(":")
        kind, _slash, item = key.partition("/")
        grouped.setdefault((kind, item), {})[suffix] = entry
    units = {(unit.kind, unit.item): unit for unit in translation_units(site)}
    today = today or site.today
    for (kind, item), entries in grouped.items():
        unit = units.get((kind, item))
        where = f"{kind}/{item}"
        if unit is None:
            report.problems.append(_("{item}: no such item on the site (anymore)", item=where))
            continue
        texts, problems = _collect(unit, entries, glossary_words, check_terms)
        if problems:
            report.problems += [f"{where}: {problem}" for problem in problems]
            continue
        if not texts:
            continue
        written = _write(unit, lang, texts, site, machine, reviewed_by, today)
        report.written.append(site.relative(written))
    return report


def _collect(unit: Unit, entries: dict[str, polib.POEntry], glossary_words, check_terms) -> tuple[dict, list[str]]:
    """The unit's translated texts from its entries, or the reasons it cannot be imported."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for name in unit.source:
        parts = _entries_for(unit, name)
        found = [entries.get(suffix) for suffix, _source in parts]
        if all(entry is None for entry in found):
            continue  # not in this file (e.g. exported with --only)
        targets = []
        for (suffix, source), entry in zip(parts, found, strict=True):
            if not source.strip():
                targets.append(source)
                continue
            if entry is None or entry.msgid != source:
                problems.append(_("the original changed since the export ({text}); export again", text=suffix))
                break
            if not entry.msgstr.strip() or entry.fuzzy:
                problems.append(_("{text} is not translated yet (or still marked fuzzy)", text=suffix))
                break
            # German glossary terms are kept in the text's body, where readers meet them explained;
            # titles and summaries may name the thing in the reader's language alone.
            terms = check_terms and name == "body"
            for problem in _structure_problems(source, entry.msgstr, glossary_words, terms):
                problems.append(f"{suffix}: {problem}")
            targets.append(entry.msgstr)
        else:
            if name == "body" and not unit.inline:
                texts[name] = join_blocks(targets, split_blocks(unit.source[name])[1])
            else:
                texts[name] = targets[0]
    return texts, problems


def _write(unit: Unit, lang: str, texts: dict[str, str], site, machine: bool, reviewed_by, today: date) -> Path:
    record: dict = {}
    if machine:
        record["machine_translated"] = True
    if reviewed_by:
        record["reviewed_by"] = reviewed_by
        record["reviewed_on"] = today.isoformat()
    if not unit.inline:
        target = unit.files.get(lang) or unit.original.with_name(f"{unit.original.name.removesuffix('.md')}.{lang}.md")
        old_body = split_markdown(target.read_text(encoding="utf-8"))[1] if target.is_file() else ""
        body = texts.get("body", old_body)
        # The page's texts as they will be: what was imported, else what the translation had.
        covered = {name: unit.source[name] for name in unit.source}
        record = {"translation_of": text_digest(covered), **record}
        updates = {name: texts[name] for name in ("title", "summary") if name in texts}
        updates.update(record)
        dropped = tuple(key for key in ("machine_translated", "reviewed_by", "reviewed_on") if key not in record)
        write_front_matter(target, updates, remove=dropped, body="\n" + body.lstrip("\n"))
        return target
    data = load_yaml_roundtrip(unit.original.read_text(encoding="utf-8"))
    for name, text in texts.items():
        holder = data
        parts = name.split(".")
        for part in parts[:-1]:
            holder = holder[part]
        value = holder[parts[-1]]
        if isinstance(value, str):
            from ruamel.yaml.comments import CommentedMap

            value = CommentedMap([(site.default_language, value)])
            holder[parts[-1]] = value
        value[lang] = yaml_text(text)
    unit.original.write_text(dump_yaml(data), encoding="utf-8")
    # The record covers the texts this language now has.
    translated = {**unit.translated.get(lang, {}), **texts}
    covered = {name: unit.source[name] for name in unit.source if name in translated}
    set_yaml_record(
        unit.original, lang, {"translation_of": text_digest(covered), **record}, site_settings=unit.kind == SITE
    )
    return unit.original
