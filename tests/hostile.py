"""Hostile files, built at test time, each a few MB at most: what a file downloaded from the
internet can do to a reader that trusts it. Each maker returns the file's bytes; `KINDS` names
every kind with the limit a budget refuses it by (None: the child process's memory or time limit
is what stops it)."""

from __future__ import annotations

import io
import tempfile
import zipfile
import zlib
from pathlib import Path

from tests.handmade_pdf import one_page_pdf, pdf_of

HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS = "http://www.hancom.co.kr/hwpml/2011/section"


def _hwpx(sections: list[bytes]) -> bytes:
    """An .hwpx package of these section XMLs (deflated), nothing else."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/hwp+zip", zipfile.ZIP_STORED)
        for number, section in enumerate(sections):
            package.writestr(f"Contents/section{number}.xml", section)
    return buffer.getvalue()


def _section(body: str) -> bytes:
    return f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">{body}</hs:sec>'.encode()


def _box(inner: str) -> str:
    """A paragraph holding a text box whose only paragraph is `inner`."""
    return (f"<hp:p><hp:run><hp:t>box</hp:t><hp:rect><hp:drawText><hp:subList>{inner}</hp:subList></hp:drawText>"
            f"</hp:rect></hp:run></hp:p>")


def nested_boxes_hwpx(depth: int) -> bytes:
    """Text boxes nested `depth` deep (each level used to read its inner paragraphs twice)."""
    inner = "<hp:p><hp:run><hp:t>innermost</hp:t></hp:run></hp:p>"
    for _ in range(depth):
        inner = _box(inner)
    return _hwpx([_section(inner)])


def empty_elements_hwpx(count: int = 15_000_000) -> bytes:
    """One section of `count` empty elements in one paragraph (about 84 KB deflated)."""
    head = f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}"><hp:p><hp:run>'.encode()
    body = b"<hp:t/>" * 100_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("mimetype", "application/hwp+zip", zipfile.ZIP_STORED)
        with package.open("Contents/section0.xml", "w", force_zip64=True) as part:
            part.write(head)
            for _ in range(count // 100_000):
                part.write(body)
            part.write(b"</hp:run></hp:p></hs:sec>")
    return buffer.getvalue()


def empty_paragraphs_hwpx(count: int = 1_000_000) -> bytes:
    """One section of `count` empty paragraphs (about 10 KB deflated)."""
    return _hwpx([_section("<hp:p/>" * count)])


def many_large_sections_hwpx(sections: int = 100, megabytes: int = 60) -> bytes:
    """`sections` sections of `megabytes` MB of blank text each, in a few MB."""
    buffer = io.BytesIO()
    blank = b" " * (1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("mimetype", "application/hwp+zip", zipfile.ZIP_STORED)
        for number in range(sections):
            with package.open(f"Contents/section{number}.xml", "w", force_zip64=True) as part:
                part.write(f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}"><hp:p><hp:run><hp:t>'.encode())
                for _ in range(megabytes):
                    part.write(blank)
                part.write(b"</hp:t></hp:run></hp:p></hs:sec>")
    return buffer.getvalue()


def empty_records_hwp(records: int = 3_000_000) -> bytes:
    """An .hwp whose body section holds `records` empty records after its own (4 bytes each)."""
    from hwpx import HwpxDocument
    from hwpx.hwp5.cfb import CompoundFile, build_compound_file, read_all_streams
    from hwpx.hwp5.records import deflate, inflate

    document = HwpxDocument.new()
    document.add_paragraph("hostile")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "small.hwp"
        document.save_to_path(str(path))
        streams = read_all_streams(CompoundFile(path.read_bytes()))
    empty = (0x42).to_bytes(4, "little")  # a record of tag 0x42, level 0, size 0
    changed = [(name, deflate(inflate(data, name) + empty * records) if name == "BodyText/Section0" else data)
               for name, data in streams]
    return build_compound_file(changed)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    data = zlib.compress(content, 9)
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def recursive_forms_pdf(levels: int = 8, repeats: int = 10) -> bytes:
    """Forms that draw the next level `repeats` times, over `levels` levels (repeats**levels draws)."""
    first_form = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X0 %d 0 R >> >> >>" % first_form,
        _stream(b"/X0 Do"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for level in range(levels):
        last = level == levels - 1
        content = b"BT /F1 1 Tf (x) Tj ET" if last else b" ".join([b"/X Do"] * repeats)
        resources = b"/Font << /F1 5 0 R >>" if last else b"/XObject << /X %d 0 R >>" % (first_form + level + 1)
        objects.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << %s >>"
                               % resources))
    return pdf_of(objects)


def one_text_show_pdf(characters: int = 1_000_000) -> bytes:
    """A page with one text-show of `characters` characters (under the content size limit)."""
    return one_page_pdf(zlib.compress(b"BT /F1 1 Tf 0 0 Td (" + b"a" * characters + b") Tj ET", 9), flate=True)


def inflating_font_map_pdf(megabytes: int = 1024) -> bytes:
    """A page whose font's ToUnicode map inflates to `megabytes` MB (about 1 MB on disk)."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    cmap = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return pdf_of([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        cmap,
    ])


def no_media_box_pdf() -> bytes:
    """A page with no /MediaBox anywhere (pdfplumber cannot size it)."""
    return one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET", flate=False).replace(
        b"/MediaBox [0 0 595 842] ", b"")


def negative_length_pdf() -> bytes:
    """A content stream whose /Length is negative."""
    data = one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET", flate=False)
    head = data.index(b"/Length ")
    end = data.index(b" ", head + len(b"/Length "))
    return data[:head] + b"/Length -5" + data[end:]


def long_name_text(reference_text: str, megabytes: int = 26) -> bytes:
    """The reference report with one item name of `megabytes` MB."""
    lines = reference_text.split("\n")
    middle = len(lines) // 2
    lines.insert(middle, "가" * (megabytes * (1 << 20) // 3) + " 1,234 5,678")
    return "\n".join(lines).encode("utf-8")


# name: (file name, maker, the limit that refuses it within seconds, or None for the child's limits)
KINDS = {
    "nested boxes": ("boxes.hwpx", lambda text: nested_boxes_hwpx(50), "nesting"),
    "deeply nested boxes": ("deep.hwpx", lambda text: nested_boxes_hwpx(5000), "xml_depth"),
    "empty records": ("records.hwp", lambda text: empty_records_hwp(), "hwp_records"),
    "empty elements": ("elements.hwpx", lambda text: empty_elements_hwpx(), "paragraph_elements"),
    "empty paragraphs": ("paragraphs.hwpx", lambda text: empty_paragraphs_hwpx(), "xml_elements"),
    "large sections": ("sections.hwpx", lambda text: many_large_sections_hwpx(3, 30), "inflated_bytes"),
    "recursive forms": ("forms.pdf", lambda text: recursive_forms_pdf(), "form_draws"),
    "one text show": ("show.pdf", lambda text: one_text_show_pdf(), "page_characters"),
    "inflating font map": ("font.pdf", lambda text: inflating_font_map_pdf(160), "stream_bytes"),
    "long name": ("long.txt", long_name_text, "line_characters"),
}
