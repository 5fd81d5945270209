"""What happens to ``site/`` after MkDocs has written it: one 404 page per language.

Plain functions on folders, so they are testable without MkDocs; :mod:`generator.hook` calls them.
"""

from __future__ import annotations

from pathlib import Path


def move_404(site_dir: Path, lang: str) -> None:
    """Move the 404 page a non-default language build just wrote into that language's folder."""
    page = site_dir / "404.html"
    if page.exists():
        (site_dir / lang).mkdir(exist_ok=True)
        page.replace(site_dir / lang / "404.html")
