"""Which paragraphs mention which entity: whole-word, case-sensitive matches of every name and alias.

Scanning is one pass over the words of each text: a form is only tried where a word equal to its
first word starts, so the cost grows with the corpus, not with corpus × glossary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"\w+")


class MentionFinder:
    def __init__(self, forms: Iterable[tuple[str, str]]):
        """``forms``: (name or alias, entity id) pairs."""
        self._by_first_word: dict[str, list[tuple[str, str]]] = {}
        for form, entity_id in forms:
            form = unicodedata.normalize("NFC", form)
            first = _WORD.match(form)
            if first is None:
                continue  # a form must start with a letter or digit (the schema's names all do)
            self._by_first_word.setdefault(first.group(), []).append((form, entity_id))

    def find(self, text: str) -> set[str]:
        """The ids of the entities that ``text`` (NFC) mentions."""
        found: set[str] = set()
        for word in _WORD.finditer(text):
            for form, entity_id in self._by_first_word.get(word.group(), ()):
                end = word.start() + len(form)
                if text.startswith(form, word.start()) and (end == len(text) or not _is_word_char(text[end])):
                    found.add(entity_id)
        return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")
