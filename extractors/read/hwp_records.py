"""The records of an HWP 5 file's body, counted before python-hwpx builds an object for each (a
39 KB file can hold millions of empty records: over 6 GiB once built). Each record's header is read
(4 bytes, or 8 for a long record) and its body skipped; the sections are inflated within the
file's budget of inflated bytes."""

from __future__ import annotations

import re
import zlib

from extractors.errors import ReportError
from extractors.read.limits import Budget

HWP_SECTION = re.compile(r"^BodyText/Section\d+$")
HWP_FLAGS_AT = 36  # in the FileHeader stream: after the 32-byte signature and the 4-byte version
HWP_COMPRESSED_FLAG = 0x01
LONG_RECORD = 0xFFF  # a record whose size does not fit the header's 12 bits: 4 more bytes give it


def count_records(data: bytes, budget: Budget) -> None:
    """The records of the body's sections, counted (and their bytes inflated, within the budget)
    before python-hwpx builds an object for each: millions of empty records are refused here."""
    from hwpx.errors import HwpxError
    from hwpx.hwp5.cfb import CompoundFile

    try:
        compound = CompoundFile(data)
        compressed = compound.has_stream("FileHeader") and _compressed(compound.read("FileHeader"))
        for stream in compound.stream_paths():
            if HWP_SECTION.match(stream):
                _walk_records(_inflated(compound.read(stream), budget) if compressed else compound.read(stream),
                              budget)
    except ReportError:
        raise
    except (HwpxError, zlib.error, ValueError):
        return  # python-hwpx says what is wrong with the file in its own words


def _compressed(header: bytes) -> bool:
    return len(header) > HWP_FLAGS_AT and bool(header[HWP_FLAGS_AT] & HWP_COMPRESSED_FLAG)


def _inflated(data: bytes, budget: Budget) -> bytes:
    inflater = zlib.decompressobj(-15)
    out = inflater.decompress(data, budget.left("inflated_bytes") + 1)
    budget.spend("inflated_bytes", len(out))
    return out


def _walk_records(data: bytes, budget: Budget) -> None:
    """Each record's header read (4 bytes, or 8 for a long record), its body skipped."""
    offset, end = 0, len(data)
    while offset + 4 <= end:
        size = int.from_bytes(data[offset:offset + 4], "little") >> 20
        offset += 4
        if size == LONG_RECORD and offset + 4 <= end:
            size = int.from_bytes(data[offset:offset + 4], "little")
            offset += 4
        offset += size
        budget.spend("hwp_records")
