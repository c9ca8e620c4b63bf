"""A scanned page's image as the OCR reader needs it: straightened, and its ruling lines found.

Pure numpy on a greyscale image: the turn is the angle that makes the rows of ink sharpest (the
projection profile), the ruling lines are runs of ink far longer than any stroke of a letter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

INK = 160  # a pixel darker than this is ink (0 black … 255 white)
MAX_TURN = 2.0  # degrees a scan may be turned
COARSE_STEP, FINE_STEP = 0.25, 0.05
SAMPLE = 4  # the turn is measured on an image this many times smaller
# A ruling line: a run of ink at least this long (in pixels at the reading resolution: about
# 8 mm across, 4 mm down; a stroke of a letter is shorter).
MIN_ACROSS, MIN_DOWN = 100, 48
LINE_SPAN = 1.3  # bands of ink that together are no taller than this many lines are one line
LINE_GAP = 3  # pixels: rows (columns) of ink closer than this are one line


@dataclass(frozen=True)
class Segment:
    """A ruling line in pixels: across (y fixed, x0..x1) or down (x fixed, y0..y1)."""

    across: bool
    at: float
    start: float
    stop: float
    width: float = 1.0  # how many rows (columns) of ink the line is thick


def straightened(image: Image.Image) -> tuple[Image.Image, float]:
    """The page turned upright, and the angle it was turned by (degrees, counter-clockwise)."""
    small = image.reduce(SAMPLE)
    best = _sharpest(small, np.arange(-MAX_TURN, MAX_TURN + 1e-9, COARSE_STEP))
    best = _sharpest(small, np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP))
    if abs(best) < FINE_STEP / 2:
        return image, 0.0
    return image.rotate(best, resample=Image.Resampling.BILINEAR, fillcolor=255), float(best)


def _sharpest(small: Image.Image, angles: np.ndarray) -> float:
    scores = []
    for angle in angles:
        ink = np.asarray(small.rotate(float(angle), resample=Image.Resampling.BILINEAR, fillcolor=255)) < INK
        profile = ink.sum(axis=1).astype(np.float64)
        scores.append(float(np.square(np.diff(profile)).sum()))
    return float(angles[int(np.argmax(scores))])


def ink_of(image: Image.Image) -> np.ndarray:
    return np.asarray(image) < INK


def ruling_lines(ink: np.ndarray) -> list[Segment]:
    """The page's ruling lines: runs of ink across at least MIN_ACROSS, down at least MIN_DOWN."""
    return _runs(ink, MIN_ACROSS, across=True) + _runs(ink.T, MIN_DOWN, across=False)


def _runs(ink: np.ndarray, length: int, across: bool) -> list[Segment]:
    """Long runs of ink along the rows of `ink`, rows close together merged into one line."""
    if ink.shape[1] < length:
        return []
    sums = np.pad(np.cumsum(ink, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    full = sums[:, length:] - sums[:, :-length] == length  # the run of `length` from each place is all ink
    found: list[tuple[int, int, int]] = []  # (row, start, stop)
    for row in np.flatnonzero(full.any(axis=1)):
        starts = np.flatnonzero(full[row])
        breaks = np.flatnonzero(np.diff(starts) > 1)
        for first, last in zip(np.r_[0, breaks + 1], np.r_[breaks, len(starts) - 1], strict=True):
            found.append((int(row), int(starts[first]), int(starts[last]) + length))
    return _merged(found, across)


def _merged(runs: list[tuple[int, int, int]], across: bool) -> list[Segment]:
    """Runs on neighbouring rows that overlap: one line, at their middle row."""
    lines: list[list[int]] = []  # [first row, last row, start, stop]
    for row, start, stop in sorted(runs):
        near = (line for line in reversed(lines) if row - line[1] <= LINE_GAP)
        line = next((line for line in near if start <= line[3] and stop >= line[2]), None)
        if line is None:
            lines.append([row, row, start, stop])
        else:
            line[1], line[2], line[3] = row, min(line[2], start), max(line[3], stop)
    return [Segment(across, (first + last) / 2, start, stop, last - first + 1) for first, last, start, stop in lines]


def blank_outside(image: Image.Image, boxes: list[tuple[int, int, int, int]], lines: list[Segment]) -> Image.Image:
    """The image with the boxes (tables) and ruling lines painted white: the text around them."""
    pixels = np.array(image)
    for x0, top, x1, bottom in boxes:
        pixels[max(0, top) : bottom, max(0, x0) : x1] = 255
    for line in lines:
        reach = round(line.width / 2) + LINE_GAP
        first, last = max(0, round(line.at) - reach), round(line.at) + reach + 1
        if line.across:
            pixels[first:last, int(line.start) : int(line.stop)] = 255
        else:
            pixels[int(line.start) : int(line.stop), first:last] = 255
    return Image.fromarray(pixels)


def has_ink(image: Image.Image) -> bool:
    return bool(ink_of(image).sum() > 6)


def ink_bands(ink: np.ndarray, min_gap: int = 2) -> list[tuple[int, int]]:
    """The bands (top, bottom) of rows with ink, parted by blank rows."""
    bands: list[list[int]] = []
    for row in np.flatnonzero(ink.any(axis=1)):
        if bands and row - bands[-1][1] <= min_gap:
            bands[-1][1] = int(row)
        else:
            bands.append([int(row), int(row)])
    return [(top, bottom + 1) for top, bottom in bands]


def line_height(bands: list[tuple[int, int]]) -> float:
    """The height of a line of text where most bands are one line: their median height."""
    heights = sorted(bottom - top for top, bottom in bands)
    return float(heights[len(heights) // 2]) if heights else 0.0


def text_bands(bands: list[tuple[int, int]], height: float, min_height: int = 6) -> list[tuple[int, int]]:
    """The lines of text from the bands of ink: a band that would not make a line taller than a
    line of text is part of the one above (a Hangul syllable has gaps across it: 순, 증)."""
    joined: list[list[int]] = []
    for top, bottom in bands:
        if joined and bottom - joined[-1][0] <= LINE_SPAN * height:
            joined[-1][1] = bottom
        else:
            joined.append([top, bottom])
    return [(top, bottom) for top, bottom in joined if bottom - top >= min_height]

