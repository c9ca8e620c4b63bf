"""What drawing a PDF page would cost, measured from its objects before pdfminer interprets it.

pdfminer and pdfplumber keep an object per character and follow every form a page draws, so a
page of a few KB can cost gigabytes: a stream that inflates a thousandfold, one text-show of a
million characters, forms that draw each other ten times over eight levels (10^8 draws), a font
map that inflates to a gigabyte. Each is refused here, naming its limit (limits.py):

- the page's content and the forms it draws, decoded (Flate through a bounded window, never
  whole): at most 1 MiB (a dense real page takes about 10 KB);
- characters shown and operators, counted in that content, and forms drawn, each form counted as
  often as it is drawn, through every level (a form's cost is computed once);
- every font stream the page uses (ToUnicode maps, embedded fonts), decoded: at most
  `stream_bytes` each.
"""

from __future__ import annotations

import weakref
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex
from pdfminer.pdftypes import PDFStream, resolve1
from pdfplumber.page import Page

from extractors.errors import ReportError
from extractors.read.limits import Budget

DEFAULT_MAX_PAGE_CONTENT_BYTES = 1 << 20
CONTENT_BOMB = ("the page's content decodes to more than {limit:,} bytes (a decompression bomb, or millions of "
                "characters): refused")
# A literal string `(Hello)` (escapes and one level of balanced parentheses) or a hex string `<48656c>`
LITERAL = regex.compile(rb"\((?:\\.|\((?:\\.|[^\\()])*\)|[^\\()])*\)", regex.DOTALL)
HEX_STRING = regex.compile(rb"(?<!<)<([0-9A-Fa-f\s]*)>(?!>)")
# An operator: a word of letters (and ' " *) not part of a name (/F1) or a number
OPERATOR = regex.compile(rb"(?<![/\w.])[A-Za-z'\"][A-Za-z*'\"0-9]{0,2}(?![\w])")
# A form or image drawn: /Fm1 Do
DRAW = regex.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")
FONT_STREAM_KEYS = ("ToUnicode", "Encoding", "FontFile", "FontFile2", "FontFile3")
CHUNK = 1 << 20
# document -> {stream id: its Cost}
_measured: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


@dataclass
class Cost:
    characters: int = 0
    operators: int = 0
    draws: int = 0
    content_bytes: int = 0


def check_page(page: Page, name: str, number: int, budget: Budget) -> None:
    """Refuse the page (ReportError naming the limit) where drawing it would cost more than a limit."""
    memo = _measured.setdefault(page.pdf, {})
    resources = resolve1(page.page_obj.resources) or {}
    total = Cost()
    for stream in _page_contents(page):
        _add(total, _stream_cost(stream, resources, 0, memo, name, number, budget))
    if total.content_bytes > DEFAULT_MAX_PAGE_CONTENT_BYTES:
        raise ReportError(name, CONTENT_BOMB.format(limit=DEFAULT_MAX_PAGE_CONTENT_BYTES), page=number)
    budget.at_most("page_characters", total.characters, page=number)
    budget.at_most("page_operators", total.operators, page=number)
    budget.at_most("form_draws", total.draws, page=number)


def _stream_cost(stream: PDFStream, resources: Any, depth: int, memo: dict[Any, Any], name: str, number: int,
                 budget: Budget) -> Cost:
    key = stream.objid if getattr(stream, "objid", None) is not None else id(stream)
    if key in memo:
        return memo[key]
    budget.at_most("form_nesting", depth, page=number)
    data = _decoded(stream, DEFAULT_MAX_PAGE_CONTENT_BYTES + 1)
    cost = Cost(_characters(data), len(OPERATOR.findall(data)), 0, len(data))
    _check_fonts(resources, memo, number, budget)
    xobjects = resolve1(resources.get("XObject")) or {} if isinstance(resources, dict) else {}
    for drawn in DRAW.findall(data):
        form = resolve1(xobjects.get(drawn.decode("latin-1")))
        if not isinstance(form, PDFStream) or str(form.attrs.get("Subtype")) != "/'Form'":
            continue
        inner = resolve1(form.attrs.get("Resources")) or resources
        _add(cost, _stream_cost(form, inner, depth + 1, memo, name, number, budget))
        cost.draws += 1
        budget.at_most("form_draws", cost.draws, page=number)
        budget.at_most("page_characters", cost.characters, page=number)
        if cost.content_bytes > DEFAULT_MAX_PAGE_CONTENT_BYTES:
            raise ReportError(name, CONTENT_BOMB.format(limit=DEFAULT_MAX_PAGE_CONTENT_BYTES), page=number)
    memo[key] = cost
    return cost


def _add(total: Cost, cost: Cost) -> None:
    total.characters += cost.characters
    total.operators += cost.operators
    total.draws += cost.draws
    total.content_bytes += cost.content_bytes


def _characters(data: bytes) -> int:
    """Bytes shown by text strings (an upper bound on characters: a two-byte font shows half)."""
    literal = sum(len(match) - 2 for match in LITERAL.findall(data))
    return literal + sum(len(regex.sub(rb"\s", b"", match)) // 2 for match in HEX_STRING.findall(data))


def _check_fonts(resources: Any, memo: dict[Any, Any], number: int, budget: Budget) -> None:
    """Every font stream the resources name, decoded within `stream_bytes` (each measured once)."""
    fonts = resolve1(resources.get("Font")) or {} if isinstance(resources, dict) else {}
    for font in (resolve1(value) for value in fonts.values()):
        if not isinstance(font, dict):
            continue
        parts = [font, *(resolve1(d) for d in (resolve1(font.get("DescendantFonts")) or []))]
        descriptors = [resolve1(part.get("FontDescriptor")) for part in parts if isinstance(part, dict)]
        for holder in [*parts, *descriptors]:
            if not isinstance(holder, dict):
                continue
            for key in FONT_STREAM_KEYS:
                stream = resolve1(holder.get(key))
                if isinstance(stream, PDFStream) and ("font", id(stream)) not in memo:
                    memo[("font", id(stream))] = True
                    limit = budget.limits["stream_bytes"].value
                    if _decoded_size(stream, limit + 1) > limit:
                        budget.at_most("stream_bytes", limit + 1, page=number)


def _page_contents(page: Page) -> Iterator[PDFStream]:
    contents = resolve1(page.page_obj.contents) or []
    for item in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(item)
        if isinstance(stream, PDFStream):
            yield stream


def _filters(stream: PDFStream) -> list[str]:
    filters = resolve1(stream.attrs.get("Filter"))
    filters = filters if isinstance(filters, list) else [filters] if filters else []
    return [str(resolve1(f)) for f in filters]


def _raw(stream: PDFStream) -> bytes:
    return stream.rawdata if stream.rawdata is not None else stream.data or b""


def _decoded(stream: PDFStream, most: int) -> bytes:
    """The stream's bytes, decoded up to `most` (Flate through a bounded window; a stream with
    another filter is measured by its raw bytes, and not scanned)."""
    filters, raw = _filters(stream), _raw(stream)
    if not filters:
        return raw[:most]
    if filters == ["/'FlateDecode'"]:
        try:
            return zlib.decompressobj().decompress(raw, most)
        except zlib.error:
            return b""
    return b"\0" * min(len(raw), most)


def _decoded_size(stream: PDFStream, most: int) -> int:
    """How many bytes the stream decodes to, counted up to `most` in chunks (never held whole)."""
    filters, raw = _filters(stream), _raw(stream)
    if filters != ["/'FlateDecode'"]:
        return len(raw)
    inflater, size, pending = zlib.decompressobj(), 0, raw
    try:
        while pending and size < most:
            size += len(inflater.decompress(pending, CHUNK))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return size
