import gc
import re
import weakref

from hypothesis import given
from hypothesis import strategies as st

from generator import strict_yaml
from generator.strict_yaml import find_ambiguous, parse


def problems(text: str) -> list[str]:
    doc, errors = parse(text, "f.yml")
    if doc is not None:
        errors = errors + find_ambiguous(doc, "f.yml")
    return [e.format().splitlines()[0] for e in errors]


def test_values_and_lines() -> None:
    doc, errors = parse("a: 1\nb:\n  - x\n  - 'no'\nc: |-\n  text\nd: true\ne:\n", "f.yml")
    assert not errors and doc is not None
    assert doc.data == {"a": 1, "b": ["x", "no"], "c": "text", "d": True, "e": None}
    assert doc.line(("b", 1)) == 4
    assert doc.line(("c",)) == 5
    assert doc.line(("b", 7, "missing")) == 2  # nearest located parent


def test_duplicate_key_is_an_error_not_last_one_wins() -> None:
    assert problems("id: a\ntitle: x\nid: b\n") == ["f.yml:3: id: duplicate key 'id' (first at line 1)"]


def test_yaml_11_surprises_must_be_quoted() -> None:
    found = problems("a: no\nb: on\nc: 1e3\nd: 2024-07-01\ne: 12:30\nf: 0x1F\ng: 'no'\nh: \"2024-07-01\"\n")
    assert [line.split(": ")[0] for line in found] == ["f.yml:1", "f.yml:2", "f.yml:3", "f.yml:4", "f.yml:5", "f.yml:6"]
    assert all("ambiguous" in line for line in found)
    # A key is text whatever it looks like: the schema names an unknown one.
    assert problems("yes: x\n2024-07-01:\n  on: 'y'\n") == []


def test_a_checked_file_is_freed_as_soon_as_it_is_dropped() -> None:
    """No reference cycle keeps a parsed file alive until a full collection (1,000 files were kept so)."""
    doc, errors = parse("a: no\nb:\n  - c: [on, x]\n", "f.yml")
    assert doc is not None and not errors
    gc.disable()
    try:
        assert [line.split(": ")[1] for line in problems_in(doc)] == ["a", "b[0].c[0]"]
        freed = weakref.ref(doc)
        del doc
        assert freed() is None
    finally:
        gc.enable()


def problems_in(doc: strict_yaml.Document) -> list[str]:
    return [e.format().splitlines()[0] for e in find_ambiguous(doc, "f.yml")]


def test_aliases_are_refused_before_any_expansion() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    found = problems(bomb)
    assert found == ["f.yml:1: (file): anchors and aliases (&name, *name) are not allowed"]
    assert problems("a: [1]\nb: *a\n") == ["f.yml:2: (file): anchors and aliases (&name, *name) are not allowed"]


def test_tags_merge_keys_and_syntax_errors() -> None:
    assert "YAML tags" in problems("a: !!python/object:os.system x\n")[0]
    assert "merge keys" in problems("a: {x: 1}\nb:\n  <<: {y: 2}\n")[0]
    # The file, the line and the construct left open; the parser's own wording may vary (libyaml or not).
    unclosed = problems("a: [1,\nb: 2\n")
    assert len(unclosed) == 1 and unclosed[0].startswith("f.yml:3: (syntax): ")
    assert "expected ',' or ']'" in unclosed[0] and unclosed[0].endswith("(in the flow sequence started on line 1)")
    assert problems("a: b: c\n")[0].startswith("f.yml:1: (syntax): mapping values are not allowed")


def test_deep_nesting_fails_fast() -> None:
    assert "nested" in problems("a: " + "[" * 5000 + "]" * 5000 + "\n")[0]


_SPECIAL_PATTERNS = [
    strict_yaml._BOOL_11,
    strict_yaml._NULL,
    strict_yaml._INT,
    strict_yaml._NUMBERISH,
    strict_yaml._TIMESTAMP,
    re.compile("true|false$"),
]


@given(st.text(alphabet=st.sampled_from("-+.0123456789:_eExXoObBtTfFnNyYaAlLsSuUrRiI~ \n\tĐđ"), max_size=12) | st.text(max_size=12))
def test_the_quick_check_never_lets_a_special_plain_scalar_through_as_text(text: str) -> None:
    """Plain scalars that fail the quick check are returned as text at once: none of the patterns may match them."""
    if strict_yaml._MAYBE_SPECIAL.match(text) is None:
        assert not any(pattern.match(text) for pattern in _SPECIAL_PATTERNS), text


# One of each way a special plain scalar can begin (hypothesis seldom spells "On" by chance).
SPECIAL = ["", "~", "null", "Null", "NULL", "true", "false", "True", "FALSE", "y", "Yes", "n", "No", "on", "On", "OFF", "0", "-1", "+2"]
SPECIAL += ["1e3", ".5", "0x1F", "1:20", ".inf", "-.Inf", ".NaN", "2024-07-01", "2024-7-1T10:00"]


def test_every_kind_of_special_plain_scalar_passes_the_quick_check() -> None:
    for text in SPECIAL:
        assert any(pattern.match(text) for pattern in _SPECIAL_PATTERNS), text  # the list is of special scalars
        assert strict_yaml._MAYBE_SPECIAL.match(text) is not None, text
