"""A name OCR read with unsure letters, settled by the words the report prints elsewhere: the
same names stand in several tables (a programme in the execution table and in 세출예산), and
OCR is sure of them in some. A word's spellings are its reading and the readings its unsure
letters' alternatives give (one or two changed at a time); where exactly one spelling has all its
words among the words the report prints surely (in a text page, or read by OCR with no unsure
letter) or the form always prints, that spelling is the name's: a changed one is published as
`ocr_corrected`. Where none or several do, the name stays `ocr_unsure`."""

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
    """The words the report prints surely: a text page's, a scanned page's words OCR was sure of,
    and the total words the form prints."""
    words = set(SUMMARY_TOTAL_WORDS)
    for line in lines:
        if not line.readings:
            words.update(line.stripped.split())
        words.update(word for reading in line.readings if not reading.number and reading.sure
                     for word in reading.text.split())
    return frozenset(words)


def settled_spelling(reading: Reading, known: frozenset[str]) -> str | None:
    """The one spelling of the reading whose words are all `known`; None where none or several are."""
    found = {text for text in (reading.text, *spellings(reading)) if text.split() and set(text.split()) <= known}
    return found.pop() if len(found) == 1 else None


def renamed(frame: pd.DataFrame, index: object, column: str, old: str, new: str) -> None:
    """The row's name with the word `old` spelled `new`, and its path and its descendants' paths
    with it (a budget table's path is its ancestors' names and its own)."""
    name = str(frame.at[index, column])
    spelled = name.replace(old, new, 1)
    frame.at[index, column] = spelled
    if column != "name" or "path" not in frame.columns or not str(frame.at[index, "path"]).endswith(name):
        return
    path = str(frame.at[index, "path"])
    new_path = path[: len(path) - len(name)] + spelled
    below = frame["path"].str.startswith(path + PATH_SEPARATOR, na=False)
    frame.loc[below, "path"] = new_path + frame.loc[below, "path"].str.slice(len(path))
    frame.at[index, "path"] = new_path
