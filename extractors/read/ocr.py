"""Tesseract, through tesserocr: one engine per process, loaded on first use, reading a crop of a
scanned page into symbols that keep OCR's confidence and its alternative characters.

What a reading means (a number's sign by its place, its separators by its digits) is decided in
readings.py; this module only asks the engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from extractors.errors import OcrUnavailable

LANGUAGES = ("kor",)  # Korean alone: with "eng" the engine reads Hangul names as Latin letters
LANGUAGE = "+".join(LANGUAGES)
# Where Debian's tesseract-ocr-kor (and other distributions) put the language data.
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
INSTALL_HINT = "install Tesseract's Korean data (Debian: apt-get install tesseract-ocr-kor) and the tesserocr package"
ALTERNATIVES = 4  # how many of OCR's alternatives a symbol keeps


@dataclass(frozen=True)
class Symbol:
    """One character as OCR read it: its confidence (0–100), its next likeliest characters, and
    its box (x0, top, x1, bottom) in the pixels of the image read."""

    char: str
    confidence: float
    alternatives: tuple[str, ...]
    box: tuple[int, int, int, int]
    word_start: bool = False  # the first character of a word (a space before it)
    line_start: bool = False  # the first character of a line of the crop


_engine = None


def tessdata_dir() -> str:
    """The folder holding kor.traineddata; OcrUnavailable where there is none."""
    candidates = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    for folder in candidates + list(TESSDATA_DIRS):
        if all((Path(folder) / f"{language}.traineddata").is_file() for language in LANGUAGES):
            return folder
    raise OcrUnavailable(f"no OCR language data ({', '.join(f'{x}.traineddata' for x in LANGUAGES)}): {INSTALL_HINT}")


def engine() -> Any:
    """This process's engine, loaded once (about 0.3 s)."""
    global _engine
    if _engine is None:
        try:
            import tesserocr
        except ImportError:
            raise OcrUnavailable(f"no OCR engine (tesserocr): {INSTALL_HINT}") from None
        api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=LANGUAGE, psm=tesserocr.PSM.SINGLE_BLOCK)
        api.SetVariable("lstm_choice_mode", "2")  # the alternatives of every character
        _engine = api
    return _engine


def versions() -> dict[str, str]:
    """The engine's and the language data's versions, for the manifest."""
    import tesserocr

    folder = Path(tessdata_dir())
    return {"engine": "tesseract " + tesserocr.tesseract_version().split()[1],
            "language_data": {language: _data_version(folder / f"{language}.traineddata") for language in LANGUAGES}}


def _data_version(path: Path) -> str:
    """A language data file as its package names it (Debian: tesseract-ocr-kor 1:4.1.0-2), else by its size."""
    package = Path("/var/lib/dpkg/info")
    for listing in package.glob(f"tesseract-ocr-{path.stem}.list") if package.is_dir() else ():
        status = Path("/var/lib/dpkg/status").read_text(encoding="utf-8", errors="replace")
        block = status.split(f"Package: {listing.stem}\n", 1)[-1].split("\n\n", 1)[0]
        version = next((line.split(": ", 1)[1] for line in block.splitlines() if line.startswith("Version: ")), None)
        if version:
            return f"{listing.stem} {version}"
    return f"{path.name} ({path.stat().st_size:,} bytes)"


def read_symbols(image: Image.Image, single_line: bool = False) -> list[Symbol]:
    """The characters of the image, line by line, with their confidence and alternatives."""
    import tesserocr

    api = engine()
    api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE if single_line else tesserocr.PSM.SINGLE_BLOCK)
    api.SetImage(image)
    api.Recognize()
    symbols: list[Symbol] = []
    iterator = api.GetIterator()
    level = tesserocr.RIL.SYMBOL
    for item in tesserocr.iterate_level(iterator, level) if iterator is not None else ():
        try:
            char = item.GetUTF8Text(level)
        except RuntimeError:  # nothing recognised
            continue
        if not char or not char.strip():
            continue
        choices = tuple(choice.GetUTF8Text() for choice in item.GetChoiceIterator())
        alternatives = tuple(c for c in choices if c and c != char)[:ALTERNATIVES]
        symbols.append(Symbol(char, float(item.Confidence(level)), alternatives, item.BoundingBox(level),
                              item.IsAtBeginningOf(tesserocr.RIL.WORD),
                              item.IsAtBeginningOf(tesserocr.RIL.TEXTLINE)))
    api.Clear()
    return symbols
