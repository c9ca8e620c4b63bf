"""What OCR's characters mean: a cell or a word as the form prints it, and where OCR is unsure.

A number is read in ocr_numbers.py. Words are spaced where the gap between two letters is a
space's (OCR parts Hangul words at random); in a table's cell, specks read as marks a name never
has (`.`, `'`, `|`) are dropped. A letter is unsure when OCR's confidence in it is below
SURE_LETTER (docs/reading.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from statistics import median

from extractors.read.ocr import Symbol
from extractors.read.ocr_numbers import (
    MISSING_LOOKALIKES,
    SIGN_LOOKALIKES,
    as_dash,
    is_hangul,
    is_speck,
    number_reading,
)

SURE_LETTER = 95.0
MIDDLE_DOT, HYPHENS = "·", "-‐–ㆍ"
NEVER_IN_NAMES = set(".'`|!:;：｜‘’")
CLOSING = set(")）]」』")
STRAY_MARKS = set(":：;!|｜`'‘’\",.、。_~")
# A space: a gap wider than SPACE of the letters' height where OCR saw a word begin, or wider than
# WIDE_SPACE anywhere (OCR's own word breaks in Hangul are unreliable; its gaps within a word are
# about a tenth of the height, between words a third).
SPACE, WIDE_SPACE = 0.2, 0.45


@dataclass(frozen=True)
class Reading:
    """A cell or word read by OCR: `raw` as read, `text` as the form prints it; `unsure` the places
    of `text` OCR is not sure of, each with the characters it could be instead."""

    raw: str
    text: str
    number: bool
    unsure: tuple[tuple[int, str], ...] = ()
    confidence: float = 100.0  # OCR's least confidence in a digit (a number) or a letter (words)
    page: int = 0
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # in points on the straightened page
    crop: bytes = field(default=b"", compare=False, repr=False)  # an unsure cell as scanned (PNG): for a reviewer

    @property
    def sure(self) -> bool:
        return not self.unsure


def reading_of(symbols: list[Symbol], cell: bool = False) -> Reading:
    """The symbols of a word, or of a table's cell (`cell`: specks read as `.`, `'`, `|` are
    dropped from its words, which a name never has), as the form prints them."""
    raw = _raw(symbols)
    number = number_reading(as_dash(symbols) if cell else symbols)
    if number is not None:
        digits = [symbol.confidence for symbol in symbols if symbol.char.isdigit()]
        text = number[0] + ("." if not cell and _ends_with_period(symbols) else "")
        return Reading(raw, text, True, number[1], confidence=min(digits, default=100.0))
    return _words(_without_stray_marks(symbols) if cell else symbols, raw)


def _ends_with_period(symbols: list[Symbol]) -> bool:
    """A word outside the tables whose digits a period ends, as printed (a chapter's `1.`, a date's
    `’23.8.`): only in a table's cell is a mark after the digits a speck."""
    return len(symbols) > 1 and symbols[-1].char == "." and symbols[-2].char.isdigit()


def _raw(symbols: list[Symbol]) -> str:
    out = []
    for index, symbol in enumerate(symbols):
        if index and symbol.line_start:
            out.append("\n")
        elif index and symbol.word_start:
            out.append(" ")
        out.append(symbol.char)
    return "".join(out)


def _words(symbols: list[Symbol], raw: str) -> Reading:
    """A name or other words, lines as read, spaced where the gap between letters is a space's
    (OCR parts Hangul words at random), without specks read as marks standing alone (`:`, `|`);
    a hyphen between two Hangul letters is the middle dot it is read for (`서천·수안보`); unsure
    letters marked."""
    text, unsure = [], []
    height = median(symbol.box[3] - symbol.box[1] for symbol in symbols) if symbols else 0
    for index, symbol in enumerate(symbols):
        if index and symbol.line_start:
            text.append("\n")
        elif index and _spaced(symbols[index - 1], symbol, height):
            text.append(" ")
        if symbol.confidence < SURE_LETTER:
            unsure.append((len("".join(text)), "".join(symbol.alternatives)))
        text.append(MIDDLE_DOT if _between_hangul(symbols, index) else symbol.char)
    least = min((symbol.confidence for symbol in symbols), default=100.0)
    return Reading(raw, "".join(text), False, tuple(unsure), confidence=least)


def _between_hangul(symbols: list[Symbol], index: int) -> bool:
    return (symbols[index].char in HYPHENS and 0 < index < len(symbols) - 1
            and is_hangul(symbols[index - 1].char) and is_hangul(symbols[index + 1].char))


def _without_stray_marks(symbols: list[Symbol]) -> list[Symbol]:
    """The symbols without a mark that stands alone as a word, or a speck read as `.`, `'`, `|`
    anywhere but between digits (a name has none of those)."""
    kept: list[Symbol] = []
    starts = False  # a dropped mark began a line: the next symbol kept begins it
    symbols = _without_specks_at_ends(symbols)
    for word in spaced_words(symbols):
        word = [s for i, s in enumerate(word) if s.char not in NEVER_IN_NAMES or _between_digits(word, i)]
        if not word or (len(word) == 1 and word[0].char in STRAY_MARKS):
            starts = starts or bool(word and word[0].line_start)
            continue
        if starts:
            word = [replace(word[0], line_start=True, word_start=True), *word[1:]]
            starts = False
        kept += word
    return kept or symbols


def _without_specks_at_ends(symbols: list[Symbol]) -> list[Symbol]:
    """A cell's symbols without a speck (far smaller than a letter) that begins or ends a line."""
    if not symbols:
        return symbols
    height = median(symbol.box[3] - symbol.box[1] for symbol in symbols)
    ends = {index for index, symbol in enumerate(symbols) if symbol.line_start}
    ends |= {index - 1 for index in ends if index} | {len(symbols) - 1}
    kept = []
    for index, symbol in enumerate(symbols):
        if index in ends and is_speck(symbol, height) and not (is_hangul(symbol.char) or symbol.char.isdigit()):
            if symbol.line_start and index + 1 < len(symbols):
                symbols[index + 1] = replace(symbols[index + 1], line_start=True, word_start=True)
            continue
        kept.append(symbols[index])
    return kept


def _between_digits(word: list[Symbol], index: int) -> bool:
    return 0 < index < len(word) - 1 and word[index - 1].char.isdigit() and word[index + 1].char.isdigit()


def spaced_words(symbols: list[Symbol]) -> list[list[Symbol]]:
    """A line's symbols parted into words where the gap between two is a space's."""
    if not symbols:
        return []
    height = median(symbol.box[3] - symbol.box[1] for symbol in symbols)
    words = [[symbols[0]]]
    for before, symbol in zip(symbols, symbols[1:], strict=False):
        if _spaced(before, symbol, height):
            words.append([])
        words[-1].append(symbol)
    return words


def _spaced(before: Symbol, symbol: Symbol, height: float) -> bool:
    """A space between the two: a wide gap, a gap where OCR saw a word begin, or OCR's word break
    between letters (or a closing parenthesis) and a number: its boxes reach into the blank after
    them, and along a long line they are no measure of the gaps at all ("(○○과) 1,234")."""
    gap = symbol.box[0] - before.box[2]
    script_change = (is_hangul(before.char) or before.char in CLOSING) != is_hangul(symbol.char) and (
        symbol.char.isdigit() or symbol.char in SIGN_LOOKALIKES or before.char.isdigit())
    return gap > WIDE_SPACE * height or (symbol.word_start and (gap > SPACE * height or script_change))


def sign_only(symbols: list[Symbol]) -> bool:
    """A word that is only the mark of a sign (OCR sometimes parts `△` from its digits)."""
    return 0 < len(symbols) <= 2 and all(symbol.char in SIGN_LOOKALIKES - MISSING_LOOKALIKES for symbol in symbols)
