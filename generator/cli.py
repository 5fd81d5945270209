"""``python -m generator <command>``: the editor's tools, without MkDocs."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import pipeline
from .coverage import coverage, markdown_table
from .errors import Severity, SourcesInvalid
from .models import SCHEMAS

SCHEMA_DIR = Path(__file__).parent / "schemas"


def schema_documents() -> dict[str, str]:
    """The JSON Schema of each source file type, as the text written to ``generator/schemas/``."""
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def cmd_check(root: Path) -> int:
    site, problems = pipeline.check(root)
    for problem in problems:
        print(problem.format(), file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    print(f"check: {errors} error(s), {warnings} warning(s)")
    if not errors:
        print("\nTranslation coverage (of what passed the checks):\n")
        print(markdown_table(coverage(site)))
    return 1 if errors else 0


def cmd_build(root: Path) -> int:
    try:
        result = pipeline.run(root)
    except SourcesInvalid as invalid:
        for problem in invalid.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    assert result.report is not None
    print(f"generate: {len(result.report.written)} written, {len(result.report.removed)} removed, {result.report.unchanged} unchanged")
    return 0


def cmd_schema(check_only: bool) -> int:
    stale = []
    for name, text in schema_documents().items():
        path = SCHEMA_DIR / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check_only:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if check_only and stale:
        print("out of date: " + ", ".join(stale) + " (run: python -m generator schema)", file=sys.stderr)
        return 1
    return 0


def cmd_site(root: Path, out: Path) -> int:
    """``mkdocs build --strict`` into a scratch folder, then swap it in: ``site/`` is never half-written."""
    out = out if out.is_absolute() else root / out
    scratch = out.parent / f".site-build-{os.getpid()}"
    old = out.parent / f".site-old-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(scratch)]
    done = subprocess.run(command, cwd=root, check=False)
    if done.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"site: the build failed; {out.name}/ was left as it was", file=sys.stderr)
        return 1
    if out.exists():
        out.rename(old)
    scratch.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    print(f"site: built {out.name}/")
    return 0


def cmd_links(site_dir: Path) -> int:
    from .linkcheck import check_links

    broken = check_links(site_dir)
    for link in broken:
        print(link.format(), file=sys.stderr)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    print(f"links: {len(broken)} broken link(s) in {pages} page(s) of {site_dir}")
    return 1 if broken else 0


def cmd_summary(root: Path) -> int:
    """Markdown for the CI job summary: the validation result and the translation coverage."""
    site, problems = pipeline.check(root)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    print("## Sources\n")
    print(f"**{'✅ valid' if not errors else '❌ invalid'}**: {len(errors)} error(s), {len(problems) - len(errors)} warning(s).\n")
    if problems:
        print("```")
        print("\n".join(p.format() for p in problems))
        print("```\n")
    print("## Translation coverage\n")
    print(markdown_table(coverage(site)))
    return 0


def cmd_new(root: Path, source: Path, excerpt_id: str | None) -> int:
    from .scaffold import ScaffoldError, scaffold

    try:
        original, metadata = scaffold(root, source, excerpt_id)
    except ScaffoldError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 1
    print(f"new: copied the text to {original.relative_to(root)} (byte for byte)")
    print(f"new: wrote {metadata.relative_to(root)}: fill in its empty values, then run `make check`")
    print("new: to translate it, see CONTRIBUTING.md, 'Translate and align'")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate sources/ and print every problem as path:line: field: message")
    commands.add_parser("build", help="check, then write the generated pages under docs/")
    new = commands.add_parser("new", help="add a copied text as a new excerpt, with a metadata template")
    new.add_argument("file", type=Path, help="the text as copied from the web (UTF-8)")
    new.add_argument("--id", dest="excerpt_id", help="the excerpt's id (default: inferred from the date and first line)")
    links = commands.add_parser("links", help="check every internal link and anchor of a built site")
    links.add_argument("site_dir", type=Path, nargs="?", default=Path("site"))
    commands.add_parser("summary", help="print the check result and coverage as Markdown (CI job summary)")
    site = commands.add_parser("site", help="build the site atomically with mkdocs build --strict")
    site.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    schema = commands.add_parser("schema", help="write the JSON Schemas of the source files")
    schema.add_argument("--check", action="store_true", help="only report schemas that are out of date")
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args.root)
    if args.command == "build":
        return cmd_build(args.root)
    if args.command == "new":
        return cmd_new(args.root, args.file, args.excerpt_id)
    if args.command == "links":
        return cmd_links(args.site_dir)
    if args.command == "summary":
        return cmd_summary(args.root)
    if args.command == "site":
        return cmd_site(args.root.resolve(), args.out)
    return cmd_schema(args.check)
