"""The `portal` command: check content, export JSON Schemas, build and serve the site."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from portal.content import KINDS, load_content
from portal.problems import ContentError, Problem
from portal.site import load_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description=__doc__)
    parser.add_argument("-f", "--config", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate all content and report every problem")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    schema = commands.add_parser("schema", help="write a JSON Schema per content type (for editors)")
    schema.add_argument("--out", type=Path, default=Path("schemas"), help="folder for the schema files")
    build = commands.add_parser("build", help="check, then build the site; the last good site stays if it fails")
    build.add_argument("--site-dir", type=Path, default=None)
    serve = commands.add_parser("serve", help="build and serve the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")

    args = parser.parse_args(argv)
    if args.command in ("build", "serve"):
        # MkDocs logs through `logging`; its own CLI sets up a handler, we do the same here.
        logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    return {"check": run_check, "schema": run_schema, "build": run_build, "serve": run_serve}[args.command](args)


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        site = load_site(args.config)
    except ContentError as err:
        _report(err.problems)
        return 1
    content, problems = load_content(site)
    _report(problems)
    errors = [p for p in problems if p.severity == "error" or args.strict]
    if errors:
        files = len({p.path for p in errors})
        print(f"{len(errors)} problem(s) in {files} file(s); nothing was published.", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(content.items[kind.folder])} {kind.folder}" for kind in KINDS)
    print(f"All content is valid ({counts}) in {time.perf_counter() - started:.2f} s.")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from portal.schema import write_schemas

    site = load_site(args.config)
    for path in write_schemas(site, args.out):
        print(path)
    return 0


def run_build(args: argparse.Namespace) -> int:
    from portal.publish import build_site

    try:
        target = build_site(args.config, args.site_dir)
    except ContentError as err:
        _report(err.problems)
        print("The build stopped; the site from the last good build is unchanged.", file=sys.stderr)
        return 1
    print(f"Site built in {target}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    serve(config_file=str(args.config), dev_addr=args.dev_addr, livereload=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
