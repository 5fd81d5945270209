"""Stage by stage on the real corpus: what each stage hands the next."""

import dataclasses
import gc
import posixpath
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

from generator import parallel, pipeline
from generator.errors import SourcesInvalid, sort_problems
from generator.link import Site, link
from generator.load import load
from generator.render import Task, _relative, _TemplateCache, render
from generator.validate import validate

from .conftest import REPO

IDS = [
    "2022-volunteers-rumour-en",
    "2022-volunteers-rumour-vi",
    "2024-07-military-delegation-vi",
    "2024-12-pyongyang-offered-troops-en",
    "2025-04-kursk-confirmation-vi",
]


def test_load_reads_every_original_and_numbers_its_paragraphs() -> None:
    loaded = load(REPO)
    assert sorted(loaded.originals) == IDS
    assert not loaded.errors
    thanh_nien = loaded.originals["2024-12-pyongyang-offered-troops-en"]
    # 49 lines, 24 of them non-blank: blank lines get no number.
    assert [p.number for p in thanh_nien.paragraphs] == list(range(1, 25))
    assert thanh_nien.paragraphs[15].text.startswith("Source: https://thanhnien.vn/")
    assert thanh_nien.paragraphs[15].line == 34


@pytest.mark.parametrize("reported", [0, 10, 99_999, 100_000, 200_000])
def test_a_source_file_is_read_whole_whatever_size_was_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reported: int) -> None:
    import os

    from generator.load import _read_bytes

    path = tmp_path / "grown.txt"
    path.write_bytes(bytes(range(256)) * 400)  # 102,400 bytes: more, or fewer, than fstat says
    monkeypatch.setattr(os, "fstat", lambda handle: os.stat_result((0, 0, 0, 0, 0, 0, reported, 0, 0, 0)))
    assert _read_bytes(path) == path.read_bytes()


def test_validate_keeps_curation_by_paragraph() -> None:
    validated = validate(load(REPO))
    excerpt = validated.excerpts["2024-12-pyongyang-offered-troops-en"]
    assert sorted(excerpt.curated) == [2, 4, 9, 16, *range(17, 25)]
    assert excerpt.curated[4].kind == "image-alt-text"


def test_the_pipeline_checks_each_excerpt_where_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """One round of processes for the sources: each excerpt is checked, and the names in it found,
    by the process that read its files; the site is the one the stages give one by one."""
    rounds: list[int] = []
    fork_map = parallel.fork_map

    def counted(function: Any, items: Any, *args: Any, **kwargs: Any) -> Any:
        rounds.append(len(items))
        return fork_map(function, items, *args, **kwargs)

    monkeypatch.setattr(parallel, "fork_map", counted)
    site, problems = pipeline.check(REPO)
    assert len(rounds) == 1 and rounds[0] >= len(IDS)
    assert all(linked.excerpt.names is not None for linked in site.excerpts)
    monkeypatch.undo()
    plain = link(validate(load(REPO)))
    assert all(linked.excerpt.names is None for linked in plain.excerpts)
    assert [dataclasses.replace(linked, excerpt=dataclasses.replace(linked.excerpt, names=None)) for linked in site.excerpts] == list(
        plain.excerpts
    )
    assert site.entities == plain.entities and any(linked.found for linked in site.entities)
    assert (site.topics, site.events, site.claims) == (plain.topics, plain.events, plain.claims)
    assert problems == sort_problems(plain.problems)


def test_link_orders_by_date_and_mirrors_related_links() -> None:
    site = link(validate(load(REPO)))
    assert [e.published.iso() for e in site.excerpts] == ["2022", "2022", "2024-07", "2024-12-24", "2025-04"]
    back = site.by_id["2022-volunteers-rumour-en"].related
    assert [(r.other, r.relation, r.incoming) for r in back] == [("2022-volunteers-rumour-vi", "same-story", True)]


def test_render_makes_every_page_in_both_languages(tmp_path: Path) -> None:
    pages = {task.path: task().text for task in render(link(validate(load(REPO))))}
    for lang in ("vi", "en"):
        assert f"sources/index.{lang}.md" in pages
        for excerpt_id in IDS:
            assert f"sources/{excerpt_id}.{lang}.md" in pages
    for lang in ("vi", "en"):
        for page in ("topics/index", "timeline/index", "claims/index", "entities/index", "data/index"):
            assert f"{page}.{lang}.md" in pages
        assert f"feeds/atom.{lang}.xml" in pages
    assert "data/sources.json" in pages and "data/schema/sources.schema.json" in pages


def test_a_feed_holds_the_newest_excerpts_newest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    from generator import render as rendering

    monkeypatch.setattr(rendering, "FEED_ENTRIES", 3)
    site = link(validate(load(REPO)))
    pages = {task.path: task for task in render(site)}
    for lang in ("vi", "en"):
        feed = feedparser.parse(pages[f"feeds/atom.{lang}.xml"]().text)
        ids = [entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feed.entries]
        assert ids == [linked.id for linked in reversed(site.excerpts)][:3]
        assert feed.feed.updated.startswith(site.excerpts[-1].published.first_day().isoformat())


def test_labels_exist_in_both_languages_and_are_all_used() -> None:
    import re

    from generator.render import labels

    table = labels()
    assert all(set(value) == {"vi", "en"} and all(value.values()) for value in table.values())
    used = "".join(
        p.read_text(encoding="utf-8")
        for folder in ("generator", "docs/overrides")
        for p in (REPO / folder).rglob("*.*")
        if p.suffix in (".j2", ".html", ".py")
    )
    dynamic = (
        "relation_",
        "curation_",
        "precision_",
        "basis_",
        "status_",
        "kind_",
        "kind_one_",
        "lang_name_",
        "citing_",
        "data_",
        "palette_to_",
    )
    unused = [
        key
        for key in table
        if not re.search(rf"\bt\.{key}\b|\bt_all\.{key}\b|\[\"{key}\"\]|labels\(\)\[\"{key}\"\]", used) and not key.startswith(dynamic)
    ]
    assert unused == [], unused


def test_a_label_table_reads_as_attributes_and_keys_and_a_missing_label_fails_the_page() -> None:
    from jinja2 import UndefinedError

    from generator.render import Labels, environment

    t = Labels({"title": "Tiêu đề", "status_open": "mở"})
    template = environment().from_string('{{ t.title }} / {{ t["status_" ~ "open"] }}')
    assert template.render(t=t) == "Tiêu đề / mở"
    with pytest.raises(UndefinedError):
        environment().from_string("{{ t.no_such_label }}").render(t=t)


def test_templates_see_jinjas_globals_and_their_own_beside_the_page_values() -> None:
    """Each template's globals are a plain copy (see render._Environment), still merged with the page's values."""
    from generator.render import environment

    template = environment().from_string("{{ range(3) | list }} {{ extra }} {{ x }}", globals={"extra": "g"})
    assert template.render(x=1) == "[0, 1, 2] g 1"
    assert template.render(x=2, extra="page") == "[0, 1, 2] page 2"
    assert "extra" not in environment().globals


def test_mentions_are_grouped_by_excerpt_as_runs_of_paragraphs() -> None:
    from generator.link import LinkedEntity, Mention, MentionIndex

    entity = link(validate(load(REPO))).entities[0].entity
    linked = LinkedEntity(entity, MentionIndex(lambda: {entity.id: (("a", (1, 2, 3, 5)), ("b", (2, 4, 5)))}))
    assert linked.by_excerpt() == [("a", [(1, 3), (5, 5)]), ("b", [(2, 2), (4, 5)])]
    assert linked.mentions == (
        Mention("a", 1),
        Mention("a", 2),
        Mention("a", 3),
        Mention("a", 5),
        Mention("b", 2),
        Mention("b", 4),
        Mention("b", 5),
    )
    assert linked.mention_count == 7


@given(
    st.lists(st.sampled_from(["sources", "a", "b", "topics", "x-y"]), max_size=3),
    st.lists(st.sampled_from(["sources", "a", "b"]), max_size=3),
)
def test_relative_links_agree_with_posixpath(here: list[str], there: list[str]) -> None:
    expected = posixpath.relpath("/".join(there) or ".", "/".join(here) or ".")
    assert _relative("/".join(here), "/".join(there)) == ("./" if expected == "." else expected + "/")


def test_the_pipeline_collects_cycles_less_often_and_puts_the_collector_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    seen = []
    real_render = pipeline.render

    def spy(site: Site, site_url: str) -> list[Task]:
        seen.append(gc.get_threshold()[0])
        return real_render(site, site_url)

    monkeypatch.setattr(pipeline, "render", spy)
    pipeline.run(REPO, tmp_path / "docs")
    assert seen == [max(pipeline.COLLECT_EVERY, before[0])] and gc.get_threshold() == before

    broken = tmp_path / "broken"
    (broken / "sources").mkdir(parents=True)
    (broken / "sources" / "claims.yml").write_text("claims: [\n", encoding="utf-8")
    with pytest.raises(SourcesInvalid):
        pipeline.run(broken, broken / "docs")
    assert gc.get_threshold() == before


def test_what_a_run_keeps_joins_the_oldest_generation_unless_objects_are_frozen() -> None:
    def kept_in_oldest(marker: object) -> bool:
        return any(obj is marker for obj in gc.get_objects(generation=2))

    gc.disable()  # no automatic collection moves the markers meanwhile
    try:
        with pipeline._fewer_collections():
            kept = [[] for _ in range(10)]
        assert kept_in_oldest(kept) and gc.get_freeze_count() == 0

        theirs = []
        gc.freeze()  # someone else's frozen objects stay frozen
        with pipeline._fewer_collections():
            young = [[] for _ in range(10)]
        # Frozen objects are in no generation. (Not the freeze count: a frozen object that another
        # thread lets go of meanwhile leaves it, as a test run under xdist once showed.)
        assert not any(obj is theirs for obj in gc.get_objects()) and gc.get_freeze_count() > 0
        assert not kept_in_oldest(young)
    finally:
        gc.unfreeze()
        gc.enable()


def test_pages_are_rendered_in_the_order_mkdocs_reads_them() -> None:
    """The writer goes down the task list while MkDocs reads the pages one language after the other,
    each in ``get_files`` order: a page is then ready by the time MkDocs asks for it."""
    from mkdocs.structure.files import File, file_sort_key

    pages = [task.path for task in render(link(validate(load(REPO)))) if task.path.endswith(".md")]
    languages = [path.rsplit(".", 2)[-2] for path in pages]
    assert languages == sorted(languages, key=["vi", "en"].index)  # every Vietnamese page first
    for lang in ("vi", "en"):
        ours = [path for path in pages if path.endswith(f".{lang}.md")]
        assert ours == sorted(ours, key=lambda path: file_sort_key(File(path, "docs", "site", True)))


def test_compiled_templates_are_cached_until_their_source_or_options_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    cache.mkdir()
    (templates / "page.j2").write_text("one {{ x }}", encoding="utf-8")
    options = {"autoescape": True, "trim_blocks": True}

    def fresh(options: dict[str, object] = options) -> Environment:
        return Environment(loader=FileSystemLoader(templates), bytecode_cache=_TemplateCache(options, str(cache)), **options)

    assert fresh().get_template("page.j2").render(x="<b>") == "one &lt;b&gt;"
    assert len(list(cache.iterdir())) == 1
    calls: list[str] = []
    original = Environment._compile

    def counting(self: Environment, source: str, filename: str) -> object:
        calls.append(filename)
        return original(self, source, filename)

    monkeypatch.setattr(Environment, "_compile", counting)
    assert fresh().get_template("page.j2").render(x="y") == "one y"
    assert calls == []  # from the cache
    (templates / "page.j2").write_text("two {{ x }}", encoding="utf-8")
    assert fresh().get_template("page.j2").render(x="y") == "two y"  # the edit is seen
    assert len(calls) == 1
    fresh({**options, "autoescape": False}).get_template("page.j2")  # other options: other entries
    assert len(calls) == 2 and len(list(cache.iterdir())) == 2  # (an edit replaces its entry)


def test_a_template_cache_that_cannot_be_written_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: object, bucket: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", full)
    (tmp_path / "page.j2").write_text("{{ x }}", encoding="utf-8")
    env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=_TemplateCache({}, str(tmp_path)))
    assert env.get_template("page.j2").render(x=1) == "1"
