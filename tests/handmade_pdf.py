"""Tiny hand-written PDFs for hostile-input tests: one page whose content stream we choose."""

from __future__ import annotations

import zlib

CHUNK = b"\0" * (1 << 20)


def one_page_pdf(stream: bytes, flate: bool) -> bytes:
    head = b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if flate else b"")
    return pdf_of([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        head + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalog), with its cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def decompression_bomb(megabytes: int = 300) -> bytes:
    """A page whose content inflates from a few hundred KB to `megabytes` MB."""
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(CHUNK) for _ in range(megabytes)) + compressor.flush()
    return one_page_pdf(data, flate=True)


def million_characters(count: int = 3_000_000) -> bytes:
    """A page that shows `count` characters."""
    content = b"BT /F1 1 Tf 0 0 Td (" + b"a" * count + b") Tj ET"
    return one_page_pdf(zlib.compress(content, 9), flate=True)


def small_text(text: bytes = b"Hello") -> bytes:
    return one_page_pdf(b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET", flate=False)
