"""The `portal` command: check content, export JSON Schemas, build and serve the site."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from portal import __version__
from portal.check import check_site
from portal.kinds import kinds
from portal.messages import LANGUAGES, _, language_from_environment, set_language
from portal.problems import ContentError, Problem, terminal_safe
from portal.scaffold import OPTION_FIELDS, what_to_create
from portal.site import load_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description=__doc__)
    parser.add_argument("-f", "--config", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the messages (default: PORTAL_LANG, else the system locale; German or English)",
    )
    parser.add_argument("--version", action="version", version=f"portal-kit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    init = commands.add_parser("init", help="start a new portal in a new folder, with an example of every content kind")
    init.add_argument("folder", type=Path)
    init.add_argument("--name", help="the network's name, e.g. IQ Netzwerk Rheinland-Pfalz")
    init.add_argument("--languages", help="the site's languages, comma-separated (default: de,en)")
    init.add_argument("--timezone", help="IANA timezone (default: Europe/Berlin)")
    init.add_argument("--email", help="contact e-mail address")
    init.add_argument("--phone", help="contact phone number")
    init.add_argument("--url", help="where the portal will be published, e.g. https://portal.example.org/")
    init.add_argument("--region", help="the network's region or town, e.g. Kaiserslautern")

    check = commands.add_parser("check", help="validate all content and report every problem")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--fresh", action="store_true", help="read every file, not only those changed since the last check"
    )
    schema = commands.add_parser("schema", help="write a JSON Schema per content type (for editors)")
    schema.add_argument("--out", type=Path, default=Path("schemas"), help="folder for the schema files")
    build = commands.add_parser("build", help="check, then build the site; the last good site stays if it fails")
    build.add_argument("--site-dir", type=Path, default=None)
    build.add_argument(
        "--jobs", type=_at_least_one, default=None, help="languages built at the same time (default: one per core)"
    )
    translations = commands.add_parser(
        "translations",
        help="report what is missing, outdated or current per language; export and import files for translators",
    )
    translations.add_argument(
        "action",
        nargs="?",
        choices=["export", "import"],
        help="export: write a PO file for translators (--language); import FILE: write its translations back",
    )
    translations.add_argument("file", nargs="?", type=Path, help="the PO file to import (or to write, for export)")
    translations.add_argument("--out", type=Path, default=None, help="export: the PO file to write")
    translations.add_argument("--language", help="the language to export, or of the inline texts to --mark-current")
    translations.add_argument(
        "--kind", action="append", default=[], metavar="KIND", help="export only these kinds (guidance, events …)"
    )
    translations.add_argument(
        "--only",
        default=None,
        metavar="STATES",
        help="export only texts in these states, comma-separated: missing, outdated, current, machine",
    )
    translations.add_argument(
        "--reviewed-by",
        metavar="NAME",
        default=None,
        help="with --mark-current or import: a person reviewed these translations today",
    )
    translations.add_argument(
        "--machine", action="store_true", help="with --mark-current or import: these translations were made by machine"
    )
    translations.add_argument("--json", action="store_true", help="print the report as JSON (for CI)")
    translations.add_argument(
        "--markdown", action="store_true", help="print the report as Markdown, ready for a pull-request comment"
    )
    translations.add_argument(
        "--fail-on-outdated",
        nargs="*",
        metavar="KIND",
        default=None,
        help="exit 1 when these kinds (guidance, events, pages …; none named: all) have outdated translations",
    )
    translations.add_argument(
        "--mark-current",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="record that these translation files match their original as it is now",
    )
    links = commands.add_parser(
        "links", help="check every internal link and anchor of a built site; list external ones"
    )
    links.add_argument("site_dir", type=Path, nargs="?", default=Path("site"))
    serve = commands.add_parser("serve", help="build and serve the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    new = commands.add_parser("new", help="create a content file with the fields to fill, explained")
    new.add_argument("what", choices=sorted(what_to_create()), help="what to create")
    for option, path in OPTION_FIELDS.items():
        new.add_argument(f"--{option.replace('_', '-')}", dest=option, metavar="TEXT", help=f"sets {path}")
    new.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help="any field, e.g. project=resque")
    new.add_argument("--ask", action="store_true", help="ask for every required field that has no value yet")
    feed = commands.add_parser("import", help="import events from an iCalendar feed (file or URL); again: updates")
    feed.add_argument("source", metavar="FILE_OR_URL")
    feed.add_argument("--category", default=None, help="category for events whose CATEGORIES name none of the site's")
    feed.add_argument("--language", default=None, help="language of the feed's texts (default: the site's default)")
    feed.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    args = parser.parse_args(argv)
    if args.lang:
        os.environ["PORTAL_LANG"] = args.lang  # also for the MkDocs plugin, which reads the environment
    set_language(args.lang or language_from_environment())
    if args.command in ("build", "serve"):
        # MkDocs logs through `logging`; its own CLI sets up a handler, we do the same here.
        logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    command = {
        "init": run_init,
        "check": run_check,
        "schema": run_schema,
        "build": run_build,
        "serve": run_serve,
        "translations": run_translations,
        "links": run_links,
        "new": run_new,
        "import": run_import,
    }[args.command]
    try:
        return command(args)
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 130
    except Exception as err:  # staff get a sentence, not a Python traceback
        if os.environ.get("PORTAL_DEBUG"):
            raise
        print(
            terminal_safe(
                _(
                    "The portal kit failed on something it should have explained ({error}). Nothing was "
                    "published. Please report this with the files you changed; PORTAL_DEBUG=1 shows the details.",
                    error=f"{type(err).__name__}: {err}",
                )
            ),
            file=sys.stderr,
        )
        return 2


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def run_init(args: argparse.Namespace) -> int:
    from portal.starter import InitError, NewPortal, create_portal

    asking = sys.stdin.isatty()

    def value(given: str | None, question: str, default: str) -> str:
        if given is not None:
            return given
        if not asking:
            return default
        answer = input(f"{question} [{default}]: " if default else f"{question}: ").strip()
        return answer or default

    portal = NewPortal(
        name=value(args.name, _("Name of the network"), ""),
        languages=[
            code.strip()
            for code in value(
                args.languages, _("Languages, comma-separated (de, en, ar, fa, uk, ru, tr, fr, ps)"), "de,en"
            ).split(",")
            if code.strip()
        ],
        timezone=value(args.timezone, _("Timezone"), "Europe/Berlin"),
        email=value(args.email, _("Contact e-mail"), ""),
        phone=value(args.phone, _("Contact phone"), ""),
        url=value(args.url, _("Address of the published portal (https://…)"), ""),
        region=value(args.region, _("Region or town"), ""),
    )
    try:
        written = create_portal(args.folder, portal)
    except InitError as err:
        print(_("portal init: {error}", error=err), file=sys.stderr)
        return 1
    print(_("Created {n} files in {folder}. Next: cd {folder} && portal serve", n=len(written), folder=args.folder))
    return 0


def run_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        checked = check_site(args.config, memo=not args.fresh)
    except ContentError as err:
        _report(err.problems)
        files = len({p.path for p in err.problems})
        print(
            _("{n} problem(s) in {files} file(s); nothing was published.", n=len(err.problems), files=files),
            file=sys.stderr,
        )
        return 1
    content, problems = checked.content, checked.problems
    _report(problems)
    errors = [p for p in problems if p.severity == "error" or args.strict]
    if errors:
        files = len({p.path for p in errors})
        print(
            _("{n} problem(s) in {files} file(s); nothing was published.", n=len(errors), files=files), file=sys.stderr
        )
        return 1
    counts = ", ".join(f"{content.count(kind.folder)} {_(kind.folder)}" for kind in kinds())
    seconds = f"{time.perf_counter() - started:.2f}"
    print(_("All content is valid ({counts}) in {seconds} s.", counts=counts, seconds=seconds))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from portal.schema import write_schemas

    site = load_site(args.config)
    for path in write_schemas(site, args.out):
        print(path)
    return 0


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("must be a whole number, at least 1"))
    return int(text)


def run_build(args: argparse.Namespace) -> int:
    from portal.publish import build_site

    try:
        target = build_site(args.config, args.site_dir, args.jobs)
    except ContentError as err:
        _report(err.problems)
        print(_("The build stopped; the site from the last good build is unchanged."), file=sys.stderr)
        return 1
    print(_("Site built in {folder}", folder=target))
    return 0


def run_translations(args: argparse.Namespace) -> int:
    from portal.translations import by_kind, coverage, mark_current, outdated_problems, translation_states

    site = load_site(args.config)
    if args.action == "export":
        return run_translations_export(args, site)
    if args.action == "import":
        return run_translations_import(args, site)
    if args.mark_current:
        for path in args.mark_current:
            try:
                digest = mark_current(
                    path.resolve(), site, args.language, True if args.machine else None, args.reviewed_by
                )
            except (ValueError, OSError) as err:
                print(err, file=sys.stderr)
                return 1
            print(
                _(
                    "{file}: marked current (translation_of: {digest})",
                    file=site.relative(path.resolve()),
                    digest=digest,
                )
            )
        return 0
    states = translation_states(site)
    others = [code for code in site.language_codes if code != site.default_language]
    summary = coverage(states, others)
    if args.json:
        report = {
            "languages": summary,
            "kinds": by_kind(states, others),
            "items": [state.as_dict(site) for state in states],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif args.markdown:
        print(translation_markdown(site, states, summary))
    else:
        _print_translation_table(site, states, summary)
    if args.fail_on_outdated is not None:
        problems = outdated_problems(states, site, args.fail_on_outdated or None, "error")
        _report(problems)
        return 1 if problems else 0
    return 0


def _print_translation_table(site, states, summary) -> None:
    items = len({(s.kind, s.item) for s in states})
    print(
        f"Translations of {items} pages and texts into {len(summary)} languages (original: {site.default_language_name})\n"
    )
    print(f"{'language':<10}{'current':>9}{'outdated':>10}{'missing':>9}{'machine':>9}{'reviewed':>10}{'coverage':>10}")
    for lang, counts in summary.items():
        print(
            f"{lang:<10}{counts['current']:>9}{counts['outdated']:>10}{counts['missing']:>9}"
            f"{counts['machine_translated']:>9}{counts['reviewed']:>10}{counts['coverage']:>9.1f}%"
        )
    outdated = sorted((s for s in states if s.state == "outdated"), key=lambda s: (s.lang, s.kind, s.item))
    if outdated:
        print("\nOutdated:")
        for s in outdated:
            where = site.relative(s.translation) + (f" ({s.lang})" if s.inline else "")
            print(f"  {s.lang:<4}{where:<64}original changed {s.original_changed}")
    missing: dict[str, dict[str, int]] = {}
    for s in states:
        if s.state == "missing":
            missing.setdefault(s.lang, {}).setdefault(s.kind, 0)
            missing[s.lang][s.kind] += 1
    if missing:
        print("\nMissing (readers see the original; portal translations export --language L --only missing):")
        for lang, kinds in missing.items():
            print(f"  {lang:<4}" + ", ".join(f"{n} {kind}" for kind, n in kinds.items()))


def translation_markdown(site, states, summary) -> str:
    """The translation report as a Markdown comment: per language, per kind and language, then what to do."""
    from portal.translations import by_kind

    header = [_("language"), _("current"), _("outdated"), _("missing"), _("machine"), _("reviewed"), _("coverage")]
    lines = [
        _("### Translations"),
        "",
        _("Original language: {language}.", language=site.default_language_name)
        + " "
        + _("*machine*: made by machine, not yet reviewed by a person; *reviewed*: checked by a person."),
        "",
        "| " + " | ".join(header) + " |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for lang, counts in summary.items():
        lines.append(f"| {lang} | " + " | ".join(_cells(counts)) + " |")
    languages = list(summary)
    lines += ["", _("**Per kind** (current / outdated / missing; machine, reviewed):"), ""]
    lines.append("| " + " | ".join([_("kind"), *languages]) + " |")
    lines.append("|---|" + "---:|" * len(languages))
    for kind, per_language in by_kind(states, languages).items():
        cells = [
            f"{c['current']} / {c['outdated']} / {c['missing']}; {c['machine_translated']}, {c['reviewed']}"
            for c in (per_language[lang] for lang in languages)
        ]
        lines.append(f"| {_(kind)} | " + " | ".join(cells) + " |")
    outdated = sorted((s for s in states if s.state == "outdated"), key=lambda s: (s.kind, s.item, s.lang))
    if outdated:
        lines += ["", _("**Outdated** (the original changed after the translation was made):"), ""]
        for s in outdated:
            where = f"`{site.relative(s.translation)}`" + (f" ({s.lang})" if s.inline else "")
            legal = _(", a legal text: readers are told to read the German version") if s.legal else ""
            lines.append(f"- {where} ({_('original changed {date}', date=s.original_changed)}{legal})")
    missing = sum(1 for s in states if s.state == "missing")
    lines += ["", _("{n} translations are missing; readers see the original with a notice.", n=missing)]
    return "\n".join(lines)


def _cells(counts) -> list[str]:
    return [
        str(counts["current"]),
        str(counts["outdated"]),
        str(counts["missing"]),
        str(counts["machine_translated"]),
        str(counts["reviewed"]),
        f"{counts['coverage']:.1f} %",
    ]


def run_translations_export(args: argparse.Namespace, site) -> int:
    from portal.content import load_content
    from portal.translation_exchange import FILTERS, export_po

    others = [code for code in site.language_codes if code != site.default_language]
    if args.language not in others:
        print(
            _("name the language to export with --language, one of: {languages}", languages=", ".join(others)),
            file=sys.stderr,
        )
        return 2
    only = [state.strip() for state in args.only.split(",")] if args.only else None
    if only and any(state not in FILTERS for state in only):
        print(_("--only takes: {states}", states=", ".join(FILTERS)), file=sys.stderr)
        return 2
    content, _problems = load_content(site)
    po = export_po(site, args.language, args.kind or None, only, content)
    target = args.out or args.file or Path(f"translations-{args.language}.po")
    po.save(str(target))
    print(_("{n} texts to translate into {language} written to {file}", n=len(po), language=args.language, file=target))
    return 0


def run_translations_import(args: argparse.Namespace, site) -> int:
    from portal.content import load_content
    from portal.translation_exchange import import_po

    if args.file is None or not args.file.is_file():
        print(_("name the PO file to import: portal translations import FILE"), file=sys.stderr)
        return 2
    content, _problems = load_content(site)
    report = import_po(args.file, site, content, machine=args.machine, reviewed_by=args.reviewed_by)
    for name in report.written:
        print(_("written and marked current: {file}", file=name))
    for problem in report.problems:
        print(_("not imported: {reason}", reason=problem), file=sys.stderr)
    print(_("{n} file(s) written. Check them, then: portal check", n=len(report.written)))
    return 1 if report.problems else 0


def run_links(args: argparse.Namespace) -> int:
    from portal.linkcheck import check_links

    site = load_site(args.config)
    report = check_links(args.site_dir, site.site_url)
    for line in report.broken:
        print(f"broken: {line}", file=sys.stderr)
    print(f"{report.pages} pages, {report.links} links, {len(report.broken)} broken, {len(report.external)} external:")
    for url in sorted(report.external):
        print(f"  {url}")
    return 1 if report.broken else 0


def run_serve(args: argparse.Namespace) -> int:
    from portal.engine.mkdocs.preview import serve

    serve(args.config, args.dev_addr)
    return 0


def run_new(args: argparse.Namespace) -> int:
    from portal.scaffold import InvalidValues, create

    site = load_site(args.config)
    values = {path: getattr(args, option) for option, path in OPTION_FIELDS.items() if getattr(args, option)}
    for item in args.set:
        field, sep, value = item.partition("=")
        if not sep:
            print(_("--set needs FIELD=VALUE, e.g. --set project=resque"), file=sys.stderr)
            return 2
        values[field.strip()] = value.strip()
    ask = input if args.ask or (sys.stdin.isatty() and not values) else None
    try:
        path, missing = create(site, args.what, values, ask)
    except FileExistsError as err:
        print(err, file=sys.stderr)
        return 1
    except InvalidValues as err:
        for line in err.problems:
            print(line, file=sys.stderr)
        print(_("{n} value(s) portal check would refuse; nothing was written.", n=len(err.problems)), file=sys.stderr)
        return 1
    print(_("Created {file}", file=site.relative(path)))
    if missing:
        print(_("Still to fill in: {fields}", fields=", ".join(field.path for field in missing)))
    print(_("Then check it with: portal check"))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from portal.ical_import import import_feed

    site = load_site(args.config)
    category = args.category or site.vocabulary("categories")[0]
    try:
        report = import_feed(args.source, site, category, args.language, args.dry_run)
    except (OSError, ValueError) as err:
        print(terminal_safe(_("The feed cannot be read: {error}", error=err)), file=sys.stderr)
        return 1
    for label, files in (
        (_("new"), report.created),
        (_("updated"), report.updated),
        (_("unchanged"), report.unchanged),
        (_("no longer in the feed (not deleted)"), report.gone),
    ):
        for name in files:
            print(f"{label}: {name}")
    for message in report.skipped:
        print(terminal_safe(_("not imported: {reason}", reason=message)), file=sys.stderr)
    print(
        _(
            "{created} new, {updated} updated, {unchanged} unchanged. Check the files, then: portal check",
            created=len(report.created),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
        )
    )
    return 0


if __name__ == "__main__":  # `python -m portal.cli`; last, so that every command above is defined
    sys.exit(main())
