"""What happens to ``site/`` after MkDocs has written it: one 404 page per language, and search.

Plain functions on folders, so they are testable without MkDocs; :mod:`generator.hook` calls them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# What Pagefind indexes: the page body only, without the parts that are not the page's own text.
SEARCH_ROOT = "article.md-content__inner"
SEARCH_EXCLUDE = (".bx-curated", ".bx-howto", ".bx-head", ".headerlink", ".bx-kicker")


def move_404(site_dir: Path, lang: str) -> None:
    """Move the 404 page a non-default language build just wrote into that language's folder."""
    page = site_dir / "404.html"
    if page.exists():
        (site_dir / lang).mkdir(exist_ok=True)
        page.replace(site_dir / lang / "404.html")


def build_search_index(site_dir: Path) -> None:
    """Index every page with Pagefind: one index per ``<html lang>``, diacritics folded."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--root-selector", SEARCH_ROOT, "--silent"]
    for selector in SEARCH_EXCLUDE:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    # Pagefind writes its language table in hash-map order; sort it so two builds are byte-identical.
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
