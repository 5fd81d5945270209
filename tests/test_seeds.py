"""The originals are evidence: each seed excerpt is stored byte for byte under sources/excerpts/."""

from __future__ import annotations

import hashlib

import pytest

from .conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed folder is not beside this checkout")
def test_every_seed_is_stored_verbatim() -> None:
    stored = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in (REPO / "sources" / "excerpts").glob("*.txt")}
    for seed in sorted(SEEDS.glob("*.txt")):
        assert hashlib.sha256(seed.read_bytes()).hexdigest() in stored, f"{seed.name} is not stored byte for byte"
