"""The originals are evidence: each seed excerpt is stored byte for byte under sources/excerpts/.

The seeds live outside the repository (``../shared/seeds/``); ``tests/seeds.sha256`` records their
SHA-256 so the check also runs in a clean clone (CI), and is itself checked against the seeds
wherever they are present.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"
MANIFEST = Path(__file__).parent / "seeds.sha256"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest() -> dict[str, str]:
    """Seed file name → SHA-256, as ``sha256sum`` prints them."""
    entries = (line.split() for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip())
    return {name: digest for digest, name in entries}


def test_every_seed_is_stored_verbatim() -> None:
    stored = {_sha256(p) for p in (REPO / "sources" / "excerpts").glob("*.txt")}
    manifest = _manifest()
    assert len(manifest) == 5
    for name, digest in sorted(manifest.items()):
        assert digest in stored, f"{name} is not stored byte for byte"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed folder is not beside this checkout")
def test_the_manifest_matches_the_seeds() -> None:
    assert _manifest() == {seed.name: _sha256(seed) for seed in SEEDS.glob("*.txt")}
