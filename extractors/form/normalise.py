"""Text normalisation: Unicode form, names as the contract wants them, folded match keys."""

from __future__ import annotations

import unicodedata

import regex

from extractors.form.lines import IDEOGRAPHIC_SPACE
from extractors.form.numbers import NEGATIVE_SIGNS

# Private-use glyphs (U+E000–U+F8FF) mark headings and contents entries: "\uf000 세입예산"
PRIVATE_USE = regex.compile(r"[\p{Co}]")
# Middle dots the reports mix: 시·도, 시‧도, 시․도, 시ㆍ도, 시･도
MIDDLE_DOTS = regex.compile(r"[·‧․ㆍ･∙]")
# A run of single letters spaced out for layout: "기 획 과", "경 상 적 세 외 수 입"
SPACED_LETTERS = regex.compile(r"(?<!\S)\p{L}(?: \p{L}){2,}(?!\S)")
SPACES = regex.compile(r"[ \t\u3000]+")
# A wrapped fragment that opens a parenthesis joins without a space: "재산임대수입" + "(공유재산 임대료)"
ATTACHED_FRAGMENT = regex.compile(r"^[(（]")


def normalise_text(raw: str) -> str:
    """A raw input line in NFC (not NFKC: it would erase Ⅰ, ① and full-width marks), right-stripped."""
    return unicodedata.normalize("NFC", raw).rstrip(" \t\r\n\f\v")


def is_private_use(char: str) -> bool:
    return bool(PRIVATE_USE.fullmatch(char))


def is_glyph(char: str) -> bool:
    """A private-use glyph or a symbol (■, ◆, ★, …) that leads a heading or a paragraph;
    not the negative signs △ ▲, which lead numbers."""
    return unicodedata.category(char) in ("Co", "So") and char not in NEGATIVE_SIGNS


def clean_name(text: str) -> str:
    """A printed name as the contract stores it: no U+3000, no PUA glyph, spaced letters rejoined."""
    text = PRIVATE_USE.sub(" ", text).replace(IDEOGRAPHIC_SPACE, " ")
    text = SPACES.sub(" ", text).strip()
    tokens = text.split(" ")
    if len(tokens) > 1 and all(len(token) == 1 for token in tokens):
        return "".join(tokens)
    return SPACED_LETTERS.sub(lambda match: match.group(0).replace(" ", ""), text)


def join_fragments(fragments: list[str]) -> str:
    """Wrapped fragments of one name joined by a space (or directly before a parenthesis)."""
    joined = ""
    for fragment in (clean_name(fragment) for fragment in fragments):
        if not fragment:
            continue
        if joined and not ATTACHED_FRAGMENT.match(fragment):
            joined += " "
        joined += fragment
    return joined


def fold(text: str) -> str:
    """A key for comparing names: middle dots unified, all blanks removed, NFKC-folded."""
    text = MIDDLE_DOTS.sub("·", clean_name(text))
    return unicodedata.normalize("NFKC", SPACES.sub("", text))
