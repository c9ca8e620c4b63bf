"""The form's marks and cells as OCR misreads them, put back as printed: what only the form's
shape can say, since OCR reads each character alone.

* A line outside the tables: its leading bullet (`ㅁ` for □, `0` or `(>` for ○, `88` for a heading's
  glyph, `(1)` for ①), a section heading's Roman numeral (`1`, `|`, `11`, `1/`), a page number
  whose digits OCR spaced, and without the marks specks leave standing alone at its ends.
* A table's data row (NUMBER_ROW numbers read): a short word where its numbers stand is 순증 or
  `-`; a column of rates printed with `%` holds no number read without one (its `%` was read as
  a digit, and the reading is unsure).
"""

from __future__ import annotations

from dataclasses import replace

import regex

from extractors.form.marks import NUMERALS
from extractors.form.normalise import fold
from extractors.form.numbers import MISSING, NEW_ITEM
from extractors.form.vocabulary import SECTION_HINTS, SECTION_ORDER
from extractors.read.grids import Cell, GridRows, Place
from extractors.read.ocr_numbers import NEW_ITEM_LOOKALIKES
from extractors.read.readings import Reading

NUMBER_ROW = 3  # a row with this many numbers read is a data row: its other value cells hold numbers too
NO_LINE_END = "ㆍ·、。,:;'`"
RATE_WORD = regex.compile(r"(집\s*행|징\s*수|증\s*감|수\s*납)\s*를")  # 률 read as 를
# The form's bullets as OCR reads them; a circled number ① as (1).
BULLETS = {"ㅁ": "□", "口": "□", "0": "○", "O": "○", "o": "○", "。": "○", "(0": "○", "(>": "○", "(〉": "○",
           "88": "■", "BB": "■", "8": "■"}
CIRCLED = "①②③④⑤⑥⑦⑧⑨"
LEADING_MARK = regex.compile(r"^(?:(?P<mark>ㅁ|口|。|\([1-9]\)|\([0>〉])(?=\s*[\p{Hangul}「『(])"
                             r"|(?P<mark>88|BB|8|0|O|o)(?=\s+[\p{Hangul}「『(]|[「『]))")
# Marks standing alone at a line's start or end (specks, a cell's edge): ". ㅇ …", "… 환경 조성 | |"
STRAY_AT_ENDS = regex.compile(r"^(?:[.,:;'`|!。：、]\s+)+|(?:\s+[.,:;'`|!。：、])+$")
# A speck before a bullet OCR read too: "ㆍ ㅁ 추진상황 : …", "ㆍ 0 ○○ 관련 …"
SPECK_BEFORE_MARK = regex.compile(r"^[ㆍ·.,'`]\s+(?=(?:ㅁ|口|□|0|O|o|○|ㅇ|88|8|\(0|\(>)\s)")
# A ○ read as a parenthesis that no other closes: "( ○○ 사업 을"
OPEN_AS_BULLET = regex.compile(r"^\((?=\s+\p{Hangul})(?!.*\))")
# The end of a table's row printed without lines: NUMBER_ROW numbers or more ("… 1,234 5,678 △4,444")
DATA_ROW_END = regex.compile(rf"(?:\s+(?:[△▲-]?\d[\d,.]*%?|-|순증)){{{NUMBER_ROW},}}\s*$")
SPECK_BY_COLON = regex.compile(r"([:：])\s*[.,'`](?=\s)")  # "단위 :. 천원": a speck beside a colon
PAGE_NUMBER_SPACED = regex.compile(r"^[-–—]?\s*\d(?:\s?\d){0,3}\s*[-–—]?$")
# A Roman numeral as OCR reads it, before a heading's title: "1 일반현황", "| . 주요 업무보고", "1/. 2022 …"
NUMERAL_LOOKALIKE = regex.compile(r"^(?P<indent>[\s\u3000]*)[1Il|/\\VvⅠⅡⅢⅣ!]{1,3}\s*(?:[.．,]\s*|\s+)(?P<title>\S.*)$")


def form_marks(text: str) -> str:
    """A line outside the tables with the form's marks as OCR misreads them restored: its leading
    bullet (`ㅁ` for □, `0`, `(>` or a parenthesis nothing closes for ○, `88` for a heading's glyph,
    `(1)` for ①), and without the marks specks leave standing alone at its ends or before its bullet."""
    text = SPECK_BEFORE_MARK.sub("", SPECK_BY_COLON.sub(r"\1", STRAY_AT_ENDS.sub("", text)))
    if DATA_ROW_END.search(text):  # a table's row is led by its name, never a bullet
        return text
    text = OPEN_AS_BULLET.sub(BULLETS["0"], text)
    match = LEADING_MARK.match(text)
    if match is None:
        return text
    mark = match["mark"]
    form = BULLETS.get(mark) or (CIRCLED[int(mark[1:-1]) - 1] if mark.startswith("(") else mark)
    return form + text[match.end("mark") :]


def with_numeral(text: str) -> str:
    """A section heading with its Roman numeral, which OCR reads as `1`, `|`, `11` or `1/`: a
    line led by such a mark whose title has the words of a section of the form gets that
    section's numeral (the section itself is told by its content later, as for any report)."""
    match = NUMERAL_LOOKALIKE.match(text)
    if match is None:
        return text
    title = fold(match["title"])
    section = next((key for key, hints in SECTION_HINTS.items() if any(hint in title for hint in hints)), None)
    if section is None:
        return text
    return f"{NUMERALS[SECTION_ORDER.index(section)]}. {match['title']}"


def with_percents(rows: GridRows) -> GridRows:
    """A column of rates printed with `%` (most of its numbers end with one): a number in it read
    without one had its `%` read as a digit (`429` for `4.2%`). Its last digit is the `%`, and the
    reading is unsure, for the arithmetic to confirm (the point it lost is put back there)."""
    columns = max((len(row) for row in rows), default=0)
    fixed = [list(row) for row in rows]
    for column in range(1, columns):
        readings = [read for row in rows if column < len(row) and (read := _number_reading(row[column]))]
        percent = [read for read in readings if read.text.endswith("%")]
        if len(percent) * 3 < len(readings) * 2 or len(percent) < 2:
            continue
        for row in fixed:
            cell = row[column] if column < len(row) else None
            read = _number_reading(cell)
            digits = isinstance(cell, Cell) and cell.text[-1:].isdigit() and len(cell.text) > 1
            if isinstance(cell, Cell) and read is not None and digits and not cell.text.endswith("%"):
                text = cell.text[:-1] + "%"
                reading = replace(read, text=text, unsure=(*read.unsure, (len(text) - 1, "")))
                row[column] = replace(cell, text=text, reading=reading)
    return tuple(tuple(row) for row in fixed)


def _number_reading(place: Place) -> Reading | None:
    """OCR's reading of a cell read as a number (not `-`), else None."""
    if isinstance(place, Cell) and place.reading is not None and place.reading.number and place.text != MISSING:
        return place.reading
    return None


def in_number_rows(row: tuple[Place, ...]) -> tuple[Place, ...]:
    """A data row's short words where its numbers stand read as what the form prints there: two
    letters like 순증 are 순증, one mark (a dash OCR took for `ㆍ` or `야`) is `-`."""
    readings = [place.reading for place in row[1:] if isinstance(place, Cell) and place.reading is not None]
    if sum(read.number for read in readings) < NUMBER_ROW:
        return row
    return tuple(_as_number(place) if index and isinstance(place, Cell) and place.reading is not None
                 and not place.reading.number else place for index, place in enumerate(row))


def _as_number(cell: Cell) -> Cell:
    read = cell.reading
    letters = read.text.replace(" ", "").replace("\n", "") if read is not None else "..."
    if read is None or len(letters) > 2:
        return cell
    text = NEW_ITEM if len(letters) == 2 and letters[0] in NEW_ITEM_LOOKALIKES[0] else MISSING
    return replace(cell, text=text, reading=replace(read, text=text, number=True))


def as_printed(text: str) -> str:
    """A line outside the tables as printed (see the module's note)."""
    text = form_words(form_marks(with_numeral(text)))
    if PAGE_NUMBER_SPACED.match(text):  # "- 2 1 -": a page number, its digits spaced by OCR
        text = regex.sub(r"(?<=\d)\s+(?=\d)", "", text)
    return text


def cells_as_printed(rows: GridRows) -> GridRows:
    """A grid's rows as printed (see the module's note)."""
    rows = tuple(tuple(_in_words(place) for place in row) for row in rows)
    return with_percents(tuple(in_number_rows(row) for row in rows))


def form_words(text: str) -> str:
    """The form's header words OCR misreads by a letter (집행를 is 집행률); a cell's line never ends
    with a mark such as `ㆍ` or `、` (a speck)."""
    text = RATE_WORD.sub(r"\1률", text)
    return "\n".join(line.rstrip().rstrip(NO_LINE_END).rstrip() for line in text.split("\n"))


def _in_words(place: Place) -> Place:
    if not isinstance(place, Cell) or place.reading is None or place.reading.number:
        return place
    text = form_words(place.text)
    return place if text == place.text else replace(place, text=text, reading=replace(place.reading, text=text))
