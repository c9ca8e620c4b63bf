"""Scans made at test time: a PDF's pages rendered to images as a scanner would give them (a
resolution, a slight turn, specks, JPEG), saved as a PDF of images with no text layer."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter

POINTS_PER_INCH = 72


def scan_pdf(source: Path, target: Path, dpi: int = 200, turn: float = 0.3, specks: int = 40, quality: int = 75,
             seed: int = 0, pages: list[int] | None = None) -> Path:
    """`target`: the pages of `source` (all, or the 0-based `pages`) as scanned images; a page in
    `pages` left out stays as it is only where `keep_text` says (see mixed_pdf)."""
    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(str(source))
    images = []
    for index in range(len(document)) if pages is None else pages:
        image = document[index].render(scale=dpi / POINTS_PER_INCH).to_pil().convert("L")
        images.append(_scanned(image, rng, turn, specks, quality))
    document.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def _scanned(image: Image.Image, rng: random.Random, turn: float, specks: int, quality: int) -> Image.Image:
    image = image.rotate(rng.uniform(-turn, turn), resample=Image.Resampling.BILINEAR, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.5))
    pixels = image.load()
    for _ in range(specks):
        x, y = rng.randrange(image.width - 3), rng.randrange(image.height - 3)
        for dx in range(rng.randint(1, 3)):
            for dy in range(rng.randint(1, 3)):
                pixels[x + dx, y + dy] = rng.randint(0, 120)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))
