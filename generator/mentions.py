"""Which paragraphs mention which entity: whole-word, case-sensitive matches of every name and alias.

A text's words are collected once; a form is only looked for when its first word is among them,
so the cost grows with the corpus, not with corpus × glossary.
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
        # Only forms whose first word occurs in the text at all are looked for (set lookups in C).
        for first in self._by_first_word.keys() & set(_WORD.findall(text)):
            for form, entity_id in self._by_first_word[first]:
                if entity_id in found:
                    continue
                start = text.find(form)
                while start != -1:
                    end = start + len(form)
                    if (start == 0 or not _WORD.match(text[start - 1])) and (end == len(text) or not _is_word_char(text[end])):
                        found.add(entity_id)
                        break
                    start = text.find(form, start + 1)
        return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")
