"""Read YAML the careful way: no silent surprises, every value located by line.

PyYAML implements YAML 1.1: it reads ``no`` and ``on`` as booleans, ``2024-07-01`` as a date and
``1:20`` as the integer 80, keeps the last of two duplicate keys without a word, and expands
aliases without limit. Editors write these files by hand, so this reader composes the node tree
itself and converts it with a small, explicit set of rules:

* quoted and block scalars are text;
* plain scalars are text, except ``true``/``false`` (booleans), decimal integers, and
  ``null``/``~``/empty (nothing);
* plain scalars that another YAML reader would take for something else (``no``, ``on``, ``1e3``,
  ``0x1F``, ``1:20``, ``2024-07-01``, ``.inf`` …) are *ambiguous* and refused with a hint to quote them;
* duplicate keys, anchors/aliases, merge keys, explicit tags and deep nesting are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import SourceError

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]

_BOOL_11 = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|True|TRUE|False|FALSE|on|On|ON|off|Off|OFF)$")
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_NUMBERISH = re.compile(
    r"""^(
        [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?   # floats, 1e3, 1_000, 017
      | [-+]?0[xob][0-9a-fA-F_]+                                     # other bases
      | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?                 # sexagesimal 1:20
      | [-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)
    )$""",
    re.VERBOSE,
)
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)")
#: Every text that one of the patterns above matches begins with one of these, or is empty.
_MAYBE_SPECIAL = re.compile(r"[-+.0-9~tfnNyYTFoO]|$")

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class Ambiguous(str):
    """A plain scalar whose meaning differs between YAML readers; reported by the validator."""

    reading: str = ""


def _ambiguous(text: str) -> Ambiguous | None:
    if _BOOL_11.match(text):
        reading = "a boolean in YAML 1.1"
    elif _NUMBERISH.match(text):
        reading = "a number"
    elif _TIMESTAMP.match(text):
        reading = "a date or time"
    else:
        return None
    value = Ambiguous(text)
    value.reading = reading
    return value


# libyaml's C parser when PyYAML has it (same events, same line marks, several times faster).
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ComposeOnly(_Base):  # type: ignore[misc]
    """A loader that only builds nodes: every plain scalar gets the plain-text tag."""

    yaml_implicit_resolvers: dict[str, list[Any]] = {}  # noqa: RUF012 (PyYAML reads it as a class attribute)

    # The parser asks these for every node; without implicit or path resolvers the answer is fixed,
    # and PyYAML's general versions cost a tenth of the parse.
    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_DEFAULT_TAGS = {yaml.ScalarNode: _STR_TAG, yaml.SequenceNode: _SEQ_TAG, yaml.MappingNode: _MAP_TAG}


@dataclass
class Document:
    """A parsed YAML file: its data and the line of every key or list item in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    #: Where the ambiguous plain scalars are, found while the file was read (see :func:`find_ambiguous`).
    ambiguous: list[tuple[Path_, Ambiguous]] = field(default_factory=list)

    def lines_only(self) -> Document:
        """The line map without the values: what later messages need, at a fraction of the size
        (a checked excerpt travels back from the process that read it)."""
        return Document(None, self.lines)

    def line(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest located parent (1 for the whole file)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def dotted(path: Path_) -> str:
    """``("curation", 0, "reason")`` → ``curation[0].reason``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(file)"


class _Converter:
    def __init__(self, path: str):
        self.path = path
        self.errors: list[SourceError] = []
        self.lines: dict[Path_, int] = {}
        self.ambiguous: list[tuple[Path_, Ambiguous]] = []

    def error(self, node: yaml.Node, where: Path_, message: str, hint: str = "") -> None:
        self.errors.append(SourceError(self.path, node.start_mark.line + 1, dotted(where), message, hint))

    def convert(self, node: yaml.Node, where: Path_, depth: int = 0, is_key: bool = False) -> Any:
        if depth > MAX_DEPTH:
            self.error(node, where, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if node.tag not in (_STR_TAG, _SEQ_TAG, _MAP_TAG):
            self.error(node, where, f"YAML tags such as {node.tag!r} are not allowed", "remove the tag")
            return None
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
            if type(value) is Ambiguous and not is_key:  # an ambiguous key is still text: the schema names it
                self.ambiguous.append((where, value))
            return value
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[where + (index,)] = item.start_mark.line + 1
                items.append(self.convert(item, where + (index,), depth + 1))
            return items
        assert isinstance(node, yaml.MappingNode)
        mapping: dict[str, Any] = {}
        lines, convert, scalar = self.lines, self.convert, self.scalar
        for key_node, value_node in node.value:
            # A key is nearly always plain text: read here, without a call to convert for it.
            if type(key_node) is yaml.ScalarNode and key_node.tag == _STR_TAG and depth < MAX_DEPTH:
                key = scalar(key_node)
            else:
                key = convert(key_node, where, depth + 1, is_key=True) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):  # an ambiguous key is still text here: the schema names it
                self.error(key_node, where, f"key {key_node.value!r} must be text", "quote the key")
                continue
            key = str(key)
            here = where + (key,)
            if key == "<<":
                self.error(key_node, here, "merge keys (<<) are not allowed", "write the keys out in full")
                continue
            if key in mapping:
                self.error(
                    key_node,
                    here,
                    f"duplicate key {key!r} (first at line {lines[here]})",
                    "YAML keeps only the last value: remove one of them",
                )
                continue
            lines[here] = key_node.start_mark.line + 1
            if type(value_node) is yaml.ScalarNode and value_node.tag == _STR_TAG and depth < MAX_DEPTH:
                # Most values are text: read here too, without a call to convert for each.
                value = mapping[key] = scalar(value_node)
                if type(value) is Ambiguous:
                    self.ambiguous.append((here, value))
            else:
                mapping[key] = convert(value_node, here, depth + 1)
        return mapping

    @staticmethod
    def scalar(node: yaml.ScalarNode) -> Any:
        text = node.value
        if node.style:  # quoted or block scalar: always text
            return text
        if _MAYBE_SPECIAL.match(text) is None:  # most text: none of the patterns below can match
            return text
        if text in ("true", "false"):
            return text == "true"
        if _NULL.match(text):
            return None
        if _INT.match(text):
            return int(text)
        return _ambiguous(text) or text


def parse(text: str, path: str) -> tuple[Document | None, list[SourceError]]:
    """Parse one YAML document; return it with its line map, or ``None`` and the errors."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, [SourceError(path, 1, "(file)", f"larger than {MAX_BYTES:,} bytes")]
    try:
        # Refuse anchors and aliases from the event stream, before anything is built from them:
        # an alias bomb then costs one pass over its text, and the error points at the alias.
        # Without "&" or "*" anywhere in the text there can be neither, and the pass is skipped.
        for event in yaml.parse(text, Loader=_ComposeOnly) if ("&" in text or "*" in text) else ():
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else 1
                return None, [
                    SourceError(path, line, "(file)", "anchors and aliases (&name, *name) are not allowed", "write the value out in full")
                ]
        node = yaml.compose(text, Loader=_ComposeOnly)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = str(exc.problem or exc.context)
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            message += f" (in the {exc.context.removeprefix('while parsing a ')} started on line {exc.context_mark.line + 1})"
        hint = "check indentation and quoting"
        if "mapping values are not allowed" in message:
            hint = 'a value that contains ": " must be quoted: title: "South Korea: …"'
        return None, [SourceError(path, line, "(syntax)", message, hint)]
    except yaml.YAMLError as exc:
        return None, [SourceError(path, 1, "(syntax)", str(exc))]
    except RecursionError:
        return None, [SourceError(path, 1, "(syntax)", "nested too deeply")]
    if node is None:
        return Document(None, {(): 1}), []
    converter = _Converter(path)
    converter.lines[()] = node.start_mark.line + 1
    data = converter.convert(node, ())
    if converter.errors:
        return None, converter.errors
    return Document(data, converter.lines, converter.ambiguous), []


def find_ambiguous(doc: Document, path: str) -> list[SourceError]:
    """Every ambiguous plain scalar in ``doc``, as an error asking the editor to quote it."""
    return [
        SourceError(
            path,
            doc.line(where),
            dotted(where),
            f"unquoted {str(value)!r} is ambiguous: YAML readers disagree (it may be read as {value.reading})",
            f'quote it: "{value}"',
        )
        for where, value in doc.ambiguous
    ]
