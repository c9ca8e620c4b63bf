"""Characters that make text lie about itself: C0 and C1 controls (other than TAB, CR and LF), which
a terminal takes as commands (a window title, a clear screen, a clipboard write), and the
bidirectional overrides and isolates, which show `30,856,598` as `895,658,03`. The tables hold
none; the review page and the `text` command show them as marks and escapes."""

from __future__ import annotations

from collections.abc import Callable

import regex

# C0 but TAB, LF, CR; DEL and C1; bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069
CONTROL_CHARACTERS = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def without_controls(text: str) -> tuple[str, int]:
    """The text without control characters, and how many were removed."""
    return CONTROL_CHARACTERS.subn("", text)


def escaped_controls(text: str) -> str:
    """The text with each control character written as its escape (`\\x1b`, `\\u202e`)."""
    return CONTROL_CHARACTERS.sub(lambda match: _escape(match.group(0)), text)


def marked_controls(text: str, mark: Callable[[str], str] = lambda escape: f"[{escape}]") -> str:
    """The text with each control character shown by `mark` of its escape (for a page)."""
    return CONTROL_CHARACTERS.sub(lambda match: mark(_escape(match.group(0))), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
