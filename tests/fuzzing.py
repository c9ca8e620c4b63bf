"""Mutations of a report for the fuzz tests: hypothesis strategies over the reference text."""

from __future__ import annotations

import random

from hypothesis import strategies as st

FRACTION = st.floats(0, 1, allow_nan=False)
ODD_NUMBERS = ["1.234.567", "1,,234", "12,34", "1 234", "△△5", "5%%", "-", "순증순증", "1,234.5.6", "０１２"]


def _at(lines: list[str], fraction: float) -> int:
    return min(len(lines) - 1, int(fraction * len(lines))) if lines else 0


def _delete(lines, a, b, _):
    i, j = sorted((_at(lines, a), _at(lines, b)))
    return lines[:i] + lines[j + 1 :]


def _duplicate(lines, a, b, _):
    i, j = sorted((_at(lines, a), _at(lines, b)))
    j = min(j, i + 50)
    return lines[: j + 1] + lines[i : j + 1] + lines[j + 1 :]


def _swap(lines, a, b, _):
    lines = list(lines)
    i, j = _at(lines, a), _at(lines, b)
    if lines:
        lines[i], lines[j] = lines[j], lines[i]
    return lines


def _truncate(lines, a, _b, _):
    return lines[: _at(lines, a)]


def _odd_number(lines, a, b, payload):
    lines = list(lines)
    i = _at(lines, a)
    words = lines[i].split(" ") if lines else []
    if words:
        words[_at(words, b)] = ODD_NUMBERS[payload % len(ODD_NUMBERS)]
        lines[i] = " ".join(words)
    return lines


def _long_line(lines, a, _b, payload):
    i = _at(lines, a)
    return lines[:i] + [("가나다 1,234 " * (200 + payload % 3000))] + lines[i:]


def _stray(lines, a, b, payload):
    lines = list(lines)
    i = _at(lines, a)
    if lines:
        cut = int(b * len(lines[i]))
        lines[i] = lines[i][:cut] + "△%△"[payload % 3] + lines[i][cut:]
    return lines


def _repeat_heading(lines, a, b, _):
    headings = [line for line in lines if line.lstrip()[:1] in "ⅠⅡⅢⅣ" and "." in line[:4]]
    if not headings:
        return lines
    i = _at(lines, a)
    return lines[:i] + [headings[_at(headings, b)]] + lines[i:]


def _junk_text(lines, a, b, payload):
    """Characters the report uses, in a random run, spliced into a line."""
    rng = random.Random(payload)
    junk = "".join(rng.choice(JUNK_CHARACTERS) for _ in range(rng.randint(1, 40)))
    lines = list(lines)
    i = _at(lines, a)
    if lines:
        cut = int(b * len(lines[i]))
        lines[i] = lines[i][:cut] + junk + lines[i][cut:]
    return lines


JUNK_CHARACTERS = "가나다과국계 0123456789,.%△-()□ㅇ◦○※‣①\u3000\uf000·‧ㆍ순증팀명억원천:"
LINE_MUTATIONS = [_delete, _duplicate, _swap, _truncate, _odd_number, _long_line, _stray, _repeat_heading,
                  _junk_text, _junk_text]

line_mutation = st.tuples(st.sampled_from(LINE_MUTATIONS), FRACTION, FRACTION, st.integers(0, 10_000))
byte_mutation = st.tuples(FRACTION, st.binary(min_size=1, max_size=64))


def mutate(text: str, line_mutations, byte_mutations) -> bytes:
    lines = text.split("\n")
    for operation, a, b, payload in line_mutations:
        lines = operation(lines, a, b, payload)
    data = "\n".join(lines).encode("utf-8")
    for where, junk in byte_mutations:
        at = int(where * len(data))
        data = data[:at] + junk + data[at:]
    return data


# Binary mutations of a report file (PDF, .hwpx, .hwp): (operation, where, payload), seeded.
def _flip(data: bytes, where: float, payload: int) -> bytes:
    at = min(len(data) - 1, int(where * len(data)))
    return data[:at] + bytes([data[at] ^ (1 << payload % 8)]) + data[at + 1 :] if data else data


def _overwrite(data: bytes, where: float, payload: int) -> bytes:
    at = int(where * len(data))
    junk = random.Random(payload).randbytes(1 + payload % 64)
    return data[:at] + junk + data[at + len(junk) :]


def _cut(data: bytes, where: float, payload: int) -> bytes:
    at = int(where * len(data))
    return data[:at] + data[at + 1 + payload % 512 :]


def _repeat(data: bytes, where: float, payload: int) -> bytes:
    at = int(where * len(data))
    chunk = data[at : at + 1 + payload % 512]
    return data[:at] + chunk * (2 + payload % 8) + data[at:]


def _truncate_bytes(data: bytes, where: float, _payload: int) -> bytes:
    return data[: max(1, int(where * len(data)))]


BINARY_MUTATIONS = [_flip, _flip, _overwrite, _cut, _repeat, _truncate_bytes]
binary_mutation = st.tuples(st.sampled_from(BINARY_MUTATIONS), FRACTION, st.integers(0, 10_000))


def mutate_bytes(data: bytes, mutations) -> bytes:
    for operation, where, payload in mutations:
        data = operation(data, where, payload)
    return data


def mutate_inside(data: bytes, suffix: str, mutations) -> bytes:
    """The file with its body mutated where the reader parses it, its container kept valid: an
    .hwpx's section XML (re-zipped), an .hwp's body records (re-compressed into a new compound
    file), a PDF's bytes as they are (its parser reads the file itself)."""
    if suffix == ".hwpx":
        return _mutate_zip_part(data, "Contents/section0.xml", mutations)
    if suffix == ".hwp":
        return _mutate_hwp_section(data, mutations)
    return mutate_bytes(data, mutations)


def _mutate_zip_part(data: bytes, part: str, mutations) -> bytes:
    import io
    import zipfile

    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            content = package.read(info)
            copy.writestr(info, mutate_bytes(content, mutations) if info.filename == part else content)
    return target.getvalue()


def _mutate_hwp_section(data: bytes, mutations) -> bytes:
    import zlib

    from hwpx.hwp5.cfb import CompoundFile, build_compound_file, read_all_streams
    from hwpx.hwp5.records import deflate

    def mutated(name: str, content: bytes) -> bytes:
        if name != "BodyText/Section0":
            return content
        return deflate(mutate_bytes(zlib.decompressobj(-15).decompress(content), mutations))

    return build_compound_file([(name, mutated(name, content)) for name, content in
                                read_all_streams(CompoundFile(data))])
