"""Build the bilingual briefing site from the curated files in ``sources/``.

The pipeline is ``load → validate → link → render → write`` (see :mod:`generator.pipeline`).
"""
