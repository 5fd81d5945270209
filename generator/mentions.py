"""Which paragraphs mention which entity: whole-word, case-sensitive matches of every name and alias.

All the forms are compiled into one regular expression shaped like a trie (forms that share a
beginning share its branch), so a text is scanned once, in C, whatever the size of the glossary:
the cost grows with the corpus, not with corpus × glossary. At each place a form starts, the
expression takes the longest form that ends at a word boundary; the shorter forms it begins with
are known in advance, and the scan goes on from the next character, so forms inside forms
("Triều" in "Triều Tiên") and overlapping forms are all found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"\w+")
#: Forms that begin with a lowercase letter ("vùng Amur") are looked for apart, and only in a text
#: that contains one of them, while there are at most this many: in one expression with the others,
#: every lowercase letter of a text was a place to try a match (a million at N = 1000, a quarter of
#: the scan). A form's first letter decides which expression it is in, so no match is lost between
#: them: at any place, only the forms of one of them can start.
FEW_LOWERCASE = 12


class MentionFinder:
    def __init__(self, forms: Iterable[tuple[str, str]]):
        """``forms``: (name or alias, entity id) pairs."""
        self._ids: dict[str, set[str]] = {}
        for form, entity_id in forms:
            form = unicodedata.normalize("NFC", form)
            if _WORD.match(form) is not None:  # a form must start with a letter or digit (the schema's names all do)
                self._ids.setdefault(form, set()).add(entity_id)
        # For each form, the entities of the shorter forms it begins with, up to a word boundary.
        self._prefixes = {
            form: {
                entity_id
                for other, ids in self._ids.items()
                if len(other) < len(form) and form.startswith(other) and not _is_word_char(form[len(other)])
                for entity_id in ids
            }
            for form in self._ids
        }
        # Where a form ends a word: its own entities and those of the shorter forms it begins with.
        self._whole = {form: self._prefixes[form] | ids for form, ids in self._ids.items()}
        lowercase = sorted(form for form in self._ids if form[0].islower())
        self._lowercase = lowercase if len(lowercase) <= FEW_LOWERCASE else []
        self._pattern = _compile([form for form in sorted(self._ids) if form not in self._lowercase])
        self._lowercase_pattern = _compile(self._lowercase)

    def find(self, text: str) -> set[str]:
        """The ids of the entities that ``text`` (NFC) mentions."""
        found = self._scan(self._pattern, text)
        for form in self._lowercase:
            if form in text:
                found |= self._scan(self._lowercase_pattern, text)
                break
        return found

    def _scan(self, pattern: re.Pattern[str] | None, text: str) -> set[str]:
        found: set[str] = set()
        if pattern is None:
            return found
        # A form named five times in a text is looked up once.
        for form, after in set(pattern.findall(text)):
            # The expression's (?!\w) lets a combining mark (U+0300 and above) through; a mark
            # after a name makes another word.
            found |= self._whole[form] if after < "\u0300" or not _is_word_char(after) else self._prefixes[form]
        return found


def _compile(forms: list[str]) -> re.Pattern[str] | None:
    """An expression whose ``findall`` gives, for each place in a text where one of ``forms`` starts
    a word, the longest form there and the character after it ("" at the end).

    A match is only the form's first character, which is all a scan goes past: the next search
    begins one character later, so forms inside forms are found. The form itself, and the
    character after it, are captured by a look-ahead from inside a look-behind, from that first
    character. A leading character set is what lets the expression skip, in C, to the places
    where a form can start (a look-ahead at the front would be tried at every character).
    """
    if not forms:
        return None
    firsts = re.escape("".join(sorted({form[0] for form in forms})))
    return re.compile(f"[{firsts}](?<!\\w.)(?<=(?=({_trie(forms, 0)})(?!\\w)(.?)).)", re.DOTALL)


def _trie(forms: list[str], depth: int) -> str:
    """A pattern for exactly ``forms`` (sorted; their first ``depth`` characters are already matched), longest first."""
    ends, branches = False, dict[str, list[str]]()
    for form in forms:
        if len(form) == depth:
            ends = True
        else:
            branches.setdefault(form[depth], []).append(form)
    alternatives = [re.escape(char) + _trie(group, depth + 1) for char, group in branches.items()]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 and not ends else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if ends else body


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")
