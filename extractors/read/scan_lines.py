"""The lines of text in a crop of a scanned page, read by OCR one line at a time (bands of ink).

Tesseract's own page layout reads short cells badly (`순증` as `스즈 《 뜨` in block mode, right in
single-line mode), and reads a number alone at the end of a wide blank band badly too (`11` as
nothing, `17` as `127`), so each line is read on its own and without the blank beside it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageOps

from extractors.read.ocr import Symbol, read_symbols
from extractors.read.scan_image import ink_bands, ink_of, line_height, text_bands

PADDING = 12  # white pixels around a line read on its own


def read_lines_of(image: Image.Image, box: tuple[int, int, int, int],
                  height: float | None = None) -> list[list[Symbol]]:
    """The lines of text in the box of the image, each read on its own as one line, their symbols
    where they stand in the image; `height` that of a line of text (else the box's own bands say it)."""
    crop = image.crop(box)
    ink = ink_of(crop)
    bands = ink_bands(ink)
    lines = []
    for top, bottom in text_bands(bands, height or line_height(bands)):
        inked = np.flatnonzero(ink[top:bottom].any(axis=0))
        symbols = _read(crop, (int(inked[0]), top, int(inked[-1]) + 1, bottom)) if len(inked) else []
        if symbols:
            moved = [_moved(symbol, box[0], box[1]) for symbol in symbols]
            lines.append([replace(moved[0], line_start=True, word_start=True), *moved[1:]])
    return lines


def _read(crop: Image.Image, area: tuple[int, int, int, int]) -> list[Symbol]:
    """The symbols of one area of the crop read as one line, where they stand in the crop."""
    band = ImageOps.expand(crop.crop(area), PADDING, fill=255)
    return [_moved(symbol, area[0] - PADDING, area[1] - PADDING) for symbol in read_symbols(band, True)]


def _moved(symbol: Symbol, dx: int, dy: int) -> Symbol:
    x0, top, x1, bottom = symbol.box
    return replace(symbol, box=(x0 + dx, top + dy, x1 + dx, bottom + dy))
