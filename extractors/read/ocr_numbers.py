"""What OCR's characters mean where they are a number of the form: an amount, a rate, 순증 or `-`.

A number's sign is read by its place: a mark as wide as a digit before the digits is the form's
`△` whatever OCR took it for (`스`, `ㅅ`, `^`); a narrower one is a speck. Its separators are
read by its digits: one followed by exactly three digits is a thousands comma, one followed by one
or two digits at the end a decimal point. A `%` OCR read in pieces or as digits is found by its
width and OCR's own alternatives. Both the sign and the digits are settled later by the arithmetic
(checks/ocr.py).

A digit is unsure when OCR's confidence in it is below SURE_DIGIT (docs/reading.md says how it was
calibrated), or when the digits do not stand in the form's groups of three (a separator read as a
digit); it keeps OCR's alternatives and the digits it is most often taken for.
"""

from __future__ import annotations

from dataclasses import replace
from statistics import median

import regex

from extractors.form.numbers import MISSING, NEGATIVE_SIGNS, NEW_ITEM
from extractors.read.ocr import Symbol

PixelBox = tuple[int, int, int, int]  # x0, top, x1, bottom in the image's pixels

# Below these confidences (0–100) a character is unsure: calibrated on the generated scans so that
# none of their misread characters is sure (docs/reading.md).
SURE_DIGIT = 95.0
SIGN = NEGATIVE_SIGNS[0]
DELETED = "∅"  # an alternative of an unsure character: the character is not there at all
# What OCR takes the form's △ for; a mark of any other kind in its place is an unsure sign.
SIGN_LOOKALIKES = set(NEGATIVE_SIGNS + "스ㅅ^AD△ΔㅿㅿㅈㅊAＡ-—–ㅡ~")
STRONG_SIGNS = set(NEGATIVE_SIGNS + "스슨ㅅ^Δㅿ")  # what OCR reads only for a glyph like △
MISSING_LOOKALIKES = {"-", "—", "–", "ㅡ", "_", "~", "一", "="}
# What OCR takes 순증 for: its first letter and its second.
NEW_ITEM_LOOKALIKES = ("순스숭우소수운슨손", "증중즈금층우즘충")
MAX_JUNK = 2  # marks after a number's digits that are dropped (more: the cell is no number)
PERCENT_OVERLAP = 0.6  # two symbols lying this much over each other are one glyph read twice
PERCENT_WIDTH = 1.3  # `%` is this many digits wide: a last "digit" as wide (or two that overlap) is `%`
FLAT = 1.5  # a lone digit read this many times wider than tall is a dash with a speck beside it
SPECK = 0.4  # a mark lower and narrower than this share of a digit's height, outside the digits, is a speck
QUOTES = set("'‘’`\"")
NOT_SIGNS = set("()[]「」") | QUOTES  # marks that lead a number in words, never its sign
# Digits OCR confuses, in both directions.
SIGN_WIDTH, SIGN_HEIGHT = 0.5, 0.4  # a sign is at least these shares of a digit's width and height
CONFUSED = {"0": "869", "1": "74", "2": "7", "3": "859", "4": "19", "5": "63", "6": "508", "7": "12",
            "8": "3690", "9": "830"}
NUMBER_BODY = regex.compile(r"\d[\d,.]*%?")


def number_reading(symbols: list[Symbol]) -> tuple[str, tuple[tuple[int, str], ...]] | None:
    """(text, unsure places) of a number cell: an amount, a rate, 순증 or `-`; None for words."""
    symbols = _with_percent(_without_specks([_as_separator(symbol) for symbol in symbols]))
    while len(symbols) > 1 and symbols[-1].char in MISSING_LOOKALIKES and symbols[-2].char.isdigit():
        symbols = symbols[:-1]  # a dash after the digits: a speck or a cell's edge, never part of a number
    chars = "".join(symbol.char for symbol in symbols)
    if chars and all(char in MISSING_LOOKALIKES for char in chars):
        return MISSING, ()
    if len(chars) == 2 and chars[0] in NEW_ITEM_LOOKALIKES[0] and chars[1] in NEW_ITEM_LOOKALIKES[1]:
        return NEW_ITEM, ()
    symbols = _without_quote_before_sign(symbols)  # after the checks above, which a quote keeps from matching
    chars = "".join(symbol.char for symbol in symbols)
    first = next((i for i, symbol in enumerate(symbols) if symbol.char.isdigit()), None)
    junk = _trailing_junk(symbols)
    if junk:  # a mark or two after the digits (a speck, a piece of a line): dropped, and the reading unsure
        symbols, chars = symbols[:-junk], chars[:-junk]
    if first is None or not NUMBER_BODY.fullmatch(chars[first:].replace(" ", "")):
        return None
    body = symbols[first:]
    if any(symbol.char in NOT_SIGNS or (symbol.char.isalnum() and symbol.char not in SIGN_LOOKALIKES)
           for symbol in symbols[:first]) or len(symbols[:first]) > 2:
        return None  # letters or quotes before the digits: words ("지하2층", "(’22.")
    sign, sign_unsure = _sign(symbols[:first], body)
    text = _separated(_with_leading_zero_point([symbol.char for symbol in body]))
    offset = 1 if sign or sign_unsure else 0
    unsure = [(0, DELETED)] if sign_unsure else []  # a mark of another kind: a sign, or nothing
    text = (SIGN if offset else "") + text
    digits = [symbol for symbol in body if symbol.char.isdigit()]
    places = [place for place, char in enumerate(text) if char.isdigit()]  # the separators restored apart
    misgrouped = not _grouped_as_printed("".join(symbol.char for symbol in body)) or bool(junk)
    for n, (symbol, place) in enumerate(zip(digits, places, strict=True)):
        instead = _instead(symbol, first=n == 0 and not offset) if symbol.confidence < SURE_DIGIT else ""
        if misgrouped:
            instead += DELETED  # a separator read as a digit (`12523` for `1,523`)
        if instead:
            unsure.append((place, instead))
    return text, tuple(unsure)


def _without_quote_before_sign(symbols: list[Symbol]) -> list[Symbol]:
    """Without a quote before a sign (`'스1,234`): a speck, since a year's quote stands right before
    its digits (`’23`)."""
    while len(symbols) > 2 and symbols[0].char in QUOTES and symbols[1].char in STRONG_SIGNS:
        symbols = symbols[1:]
    return symbols


def _trailing_junk(symbols: list[Symbol]) -> int:
    """How many symbols (at most two, no letter or digit) follow a number's last digit or `%`."""
    last = max((i for i, symbol in enumerate(symbols) if symbol.char.isdigit() or symbol.char == "%"), default=None)
    if last is None:
        return 0
    after = symbols[last + 1 :]
    if len(after) > MAX_JUNK or any(is_hangul(s.char) or s.char.isascii() and s.char.isalnum() for s in after):
        return 0
    return len(after)


def _with_leading_zero_point(chars: list[str]) -> list[str]:
    """A number read `01%` or `00%`: no printed number starts with 0 and another digit, so the
    point after the 0 was lost (`0.1%`, `0.0%`)."""
    if len(chars) > 1 and chars[0] == "0" and chars[1].isdigit():
        return ["0", ".", *chars[1:]]
    return chars


def _grouped_as_printed(body: str) -> bool:
    """Whether an amount's digits stand in groups of three as the form prints them (`1,523`,
    `57,903,592`); a rate or a decimal is not looked at."""
    if "%" in body:
        return True
    parts = regex.split(r"[,.]+", body)
    if len(parts) > 1 and len(parts[-1]) in (1, 2):
        return True  # a decimal
    if len(parts) == 1:
        return len(parts[0]) <= 3
    return 1 <= len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:])


def _as_separator(symbol: Symbol) -> Symbol:
    """`:` or `;` between digits is a separator OCR misread (`608:351`)."""
    return replace(symbol, char=",") if symbol.char in ":;" else symbol


def as_dash(symbols: list[Symbol]) -> list[Symbol]:
    """A cell's lone "digit" far wider than it is tall is a dash (with a speck beside it, read as
    `0`): no digit is. (Where there are several, OCR's box of one may reach over the next: `48`; in
    the words outside the tables, over the letter after it: `1 조`.)"""
    digits = [index for index, symbol in enumerate(symbols) if symbol.char.isdigit()]
    if len(digits) != 1 or sum(symbol.char.isalnum() for symbol in symbols) > 1:
        return symbols  # several digits, or a digit among letters ("제1동": its box may reach over them)
    x0, top, x1, bottom = symbols[digits[0]].box
    if x1 - x0 <= FLAT * (bottom - top):
        return symbols
    return [replace(symbol, char="-") if index == digits[0] else symbol for index, symbol in enumerate(symbols)]


def _with_percent(symbols: list[Symbol]) -> list[Symbol]:
    """The symbols with a final `%` OCR read in pieces or as digits (`75.386`, `2.09%`, `459`):
    the last symbol that is `%`, or that OCR thought could be and is as wide as one (or two that
    lie over each other and are), takes in every symbol whose box lies mostly over its own."""
    for anchor in range(len(symbols) - 1, max(-1, len(symbols) - 4), -1):
        digits = [s.box[2] - s.box[0] for i, s in enumerate(symbols) if s.char.isdigit() and s.char != "1"
                  and i < anchor - 1]
        box = _percent_box(symbols, anchor, median(digits) if digits else 0)
        if box is None:
            continue
        first = anchor
        while first > 0 and _overlap_of(symbols[first - 1].box, box) >= PERCENT_OVERLAP:
            first -= 1
        confidence = min(s.confidence for s in symbols[first:])
        return [*symbols[:first], Symbol("%", confidence, (), box)]
    return symbols


def _percent_box(symbols: list[Symbol], index: int, width: float) -> PixelBox | None:
    """The box of a `%` at `index` (with the symbols next to it that lie over it), or None where
    there is none."""
    symbol = symbols[index]
    if symbol.char == "%":
        return symbol.box
    if "%" not in symbol.alternatives or not width:
        return None
    box = symbol.box
    for other in (*symbols[index + 1 :], *symbols[index - 1 : index][::-1]):
        if _overlap_of(other.box, box) >= PERCENT_OVERLAP:
            box = (min(box[0], other.box[0]), min(box[1], other.box[1]), max(box[2], other.box[2]),
                   max(box[3], other.box[3]))
    return box if box[2] - box[0] >= PERCENT_WIDTH * width else None


def _overlap_of(box: PixelBox, other: PixelBox) -> float:
    """How much of `box`'s width lies over `other`, or of `other`'s over it (the narrower's share)."""
    common = min(box[2], other[2]) - max(box[0], other[0])
    narrower = min(box[2] - box[0], other[2] - other[0]) or 1
    return max(0, common) / narrower


def _without_specks(symbols: list[Symbol]) -> list[Symbol]:
    """The symbols without the specks before the first digit and after the last (a speck is far
    smaller than a digit; a separator between digits is kept)."""
    digits = [i for i, symbol in enumerate(symbols) if symbol.char.isdigit()]
    if not digits:
        return symbols
    size = median(symbols[i].box[3] - symbols[i].box[1] for i in digits)
    return [symbol for i, symbol in enumerate(symbols) if digits[0] <= i or not is_speck(symbol, size)
            if i <= digits[-1] or symbol.char == "%" or not is_speck(symbol, size)]


def is_speck(symbol: Symbol, size: float) -> bool:
    """A mark far smaller than a letter or digit `size` high: neither as wide nor as tall as SPECK of it."""
    return max(symbol.box[2] - symbol.box[0], symbol.box[3] - symbol.box[1]) < SPECK * size


def _sign(prefix: list[Symbol], body: list[Symbol]) -> tuple[str | None, bool]:
    """(△ or None, whether the sign is unsure) from the marks before the digits."""
    if not prefix:
        return None, False
    if all(symbol.char in STRONG_SIGNS for symbol in prefix):
        return SIGN, False  # OCR saw a glyph there, whatever box it drew
    digit_width = median(symbol.box[2] - symbol.box[0] for symbol in body if symbol.char.isdigit())
    digit_height = median(symbol.box[3] - symbol.box[1] for symbol in body if symbol.char.isdigit())
    width = max(symbol.box[2] for symbol in prefix) - min(symbol.box[0] for symbol in prefix)
    height = max(symbol.box[3] for symbol in prefix) - min(symbol.box[1] for symbol in prefix)
    if width < SIGN_WIDTH * digit_width or height < SIGN_HEIGHT * digit_height:
        return None, False  # a speck, or an apostrophe ('23)
    if all(symbol.char in SIGN_LOOKALIKES for symbol in prefix):
        return SIGN, False
    return None, True


def _separated(chars: list[str]) -> str:
    """The digits with their separators restored by place: `27.554` → `27,554`, `77,4%` → `77.4%`."""
    text = "".join(chars)
    percent = text.endswith("%")
    parts = regex.split(r"[,.]+", text.rstrip("%"))
    decimal = len(parts) > 1 and (len(parts[-1]) in (1, 2) or (percent and len(parts[-1]) != 3))
    whole = parts[:-1] if decimal else parts
    grouped = _grouped("".join(whole)) if len(whole) > 1 else whole[0]  # a number read without commas stays so
    return grouped + ("." + parts[-1] if decimal else "") + ("%" if percent else "")


def _grouped(digits: str) -> str:
    """`1234567` → `1,234,567`."""
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def _instead(symbol: Symbol, first: bool) -> str:
    """The digits an unsure digit could be instead: OCR's alternatives, then the usual confusions;
    the first digit of a number may also be the sign misread."""
    seen = [c for c in symbol.alternatives if c.isdigit() and c != symbol.char]
    seen += [c for c in CONFUSED.get(symbol.char, "") if c not in seen]
    return "".join(seen) + (SIGN if first else "")


def is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"
