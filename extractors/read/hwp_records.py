"""The records of an HWP 5 body section: a 32-bit header (tag in bits 0-9, level in bits 10-19,
size in bits 20-31; a size of 0xFFF is followed by the real size in 4 more bytes), then the body.
A record belongs to the nearest earlier record one level up, so a section is a forest whose roots
are its top-level paragraphs.

The records are counted before any is built (a 39 KB file can hold millions of empty records), the
section is inflated within the file's budget of inflated bytes, and the trees are built one
top-level paragraph at a time, so memory does not grow with the document's length.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from extractors.read.limits import Budget

WORD = struct.Struct("<I")
LONG_RECORD = 0xFFF  # a record whose size does not fit the header's 12 bits: 4 more bytes give it


class Record:
    """One record, its body and the records nested under it."""

    __slots__ = ("tag", "level", "body", "children")

    def __init__(self, tag: int, level: int, body: bytes) -> None:
        self.tag, self.level, self.body = tag, level, body
        self.children: list[Record] = []

    def walk(self) -> Iterator[Record]:
        """Every record below this one, in the stream's order (no recursion: levels go to 1023)."""
        stack = list(reversed(self.children))
        while stack:
            record = stack.pop()
            yield record
            stack.extend(reversed(record.children))


def inflated(data: bytes, budget: Budget) -> bytes:
    """A compressed stream (raw deflate), never inflated past the file's budget."""
    inflater = zlib.decompressobj(-15)
    out = inflater.decompress(data, budget.left("inflated_bytes") + 1)
    budget.spend("inflated_bytes", len(out))
    return out


def count_records(data: bytes, stream: str, budget: Budget) -> None:
    """Each record's header read (4 bytes, or 8 for a long record), its body skipped: a section of
    millions of empty records is refused before any is built."""
    for _ in _headers(data, stream):
        budget.spend("hwp_records")


def record_trees(data: bytes, stream: str) -> Iterator[Record]:
    """The section's top-level records, each with the records nested under it, one at a time."""
    root: Record | None = None
    stack: list[Record] = []
    for tag, level, start, end in _headers(data, stream):
        record = Record(tag, level, data[start:end])
        while stack and stack[-1].level >= level:
            stack.pop()
        if stack:
            stack[-1].children.append(record)
        else:
            if root is not None:
                yield root
            root = record
        stack.append(record)
    if root is not None:
        yield root


def _headers(data: bytes, stream: str) -> Iterator[tuple[int, int, int, int]]:
    """Each record's tag, level, and where its body starts and ends."""
    offset, end, word_at = 0, len(data), WORD.unpack_from
    while offset < end:
        if offset + 4 > end:
            raise _truncated(stream)
        (word,) = word_at(data, offset)
        size, offset = word >> 20, offset + 4
        if size == LONG_RECORD:
            if offset + 4 > end:
                raise _truncated(stream)
            (size,) = word_at(data, offset)
            offset += 4
        if offset + size > end:
            raise _truncated(stream)
        yield word & 0x3FF, (word >> 10) & 0x3FF, offset, offset + size
        offset += size


def _truncated(stream: str) -> ValueError:
    return ValueError(f"a record of {stream} runs past the stream's end")
