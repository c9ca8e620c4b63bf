"""A name OCR read with unsure letters, settled by the words the report prints elsewhere: the
same names stand in several tables (a programme in the execution table and in 세출예산), and
OCR is sure of them in some. A reading's spellings are its text and the texts its unsure letters'
alternatives give (one or two changed at a time). Where exactly one spelling, its blanks aside
(OCR often reads a name's letters as words of their own), is printed surely elsewhere in the
report (a word or a cell OCR was sure of, or a word of a text page) or is a word the form always
prints, that spelling is the name's: a changed one is published as `ocr_corrected`. Where none or
several are, the name stays `ocr_unsure`."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, product
from typing import TYPE_CHECKING

import pandas as pd

from extractors.form.lines import Line
from extractors.form.vocabulary import SUMMARY_TOTAL_WORDS
from extractors.read.ocr_numbers import DELETED

if TYPE_CHECKING:  # the readings of a scanned page: their module is loaded only where one is read
    from extractors.read.readings import Reading

MAX_PLACES = 2  # at most this many unsure characters are changed at once
MAX_SPELLINGS = 400
MIN_LETTERS = 3  # a reading shorter than this (blanks aside) is never settled by the words printed elsewhere
PATH_SEPARATOR = " > "


def spellings(reading: Reading) -> Iterator[str]:
    """The texts the reading could be: its unsure characters replaced by their alternatives, one
    or two at a time (an alternative `DELETED` drops the character)."""
    given = 0
    unsure = [(place, alternatives) for place, alternatives in reading.unsure if place < len(reading.text)]
    for count in range(1, MAX_PLACES + 1):  # (a mark OCR was unsure of may be left out of the text)
        for places in combinations(unsure, count):
            for chars in product(*[list(alternatives) or [""] for _, alternatives in places]):
                text = list(reading.text)
                for (place, _), char in zip(places, chars, strict=True):
                    text[place] = "" if char == DELETED else char
                yield "".join(text)
                given += 1
                if given >= MAX_SPELLINGS:
                    return


def sure_words(lines: list[Line]) -> frozenset[str]:
    """What the report prints surely, blanks removed: a text page's words, the words and cells OCR
    was sure of, and the total words the form prints."""
    words = set(SUMMARY_TOTAL_WORDS)
    for line in lines:
        if not line.readings:
            words.update(line.stripped.split())
        words.update(_unspaced(reading.text) for reading in line.readings if not reading.number and reading.sure)
    return frozenset(words)


def settled_spelling(reading: Reading, known: frozenset[str]) -> str | None:
    """The one spelling of the reading (its blanks aside) that is `known`; None where none or several
    are, or where the reading is too short to be told by it (a letter or two of a word OCR split:
    such fragments are printed everywhere)."""
    if len(_unspaced(reading.text)) < MIN_LETTERS:
        return None
    found = {text for text in (reading.text, *spellings(reading)) if _unspaced(text) in known}
    if len({_unspaced(text) for text in found}) != 1:
        return None
    return reading.text if reading.text in found else found.pop()


def _unspaced(text: str) -> str:
    return "".join(text.split())


def respelled(name: str, old: str, new: str) -> str | None:
    """The name with the letters of `old` in it (blanks aside: the name's spacing is repaired) spelled
    as `new`'s; None where `old` is not in it or the two differ in length."""
    old, new = _unspaced(old), _unspaced(new)
    places = [place for place, char in enumerate(name) if not char.isspace()]
    at = "".join(name[place] for place in places).find(old)
    if at < 0 or len(old) != len(new):
        return None
    chars = list(name)
    for offset, char in enumerate(new):
        chars[places[at + offset]] = char
    return "".join(chars)


def holds(name: str, word: str) -> bool:
    """Whether the word's letters are in the name, blanks aside."""
    return _unspaced(word) in _unspaced(name)


def renamed(frame: pd.DataFrame, index: object, column: str, spelled: str) -> None:
    """The row's name spelled anew, and its path and its descendants' paths with it (a budget
    table's path is its ancestors' names and its own)."""
    name = str(frame.at[index, column])
    frame.at[index, column] = spelled
    if column != "name" or "path" not in frame.columns or not str(frame.at[index, "path"]).endswith(name):
        return
    path = str(frame.at[index, "path"])
    new_path = path[: len(path) - len(name)] + spelled
    below = frame["path"].str.startswith(path + PATH_SEPARATOR, na=False)
    frame.loc[below, "path"] = new_path + frame.loc[below, "path"].str.slice(len(path))
    frame.at[index, "path"] = new_path
