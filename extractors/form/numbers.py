"""Printed numbers: △ negatives, thousands separators, rates, 순증 and the missing value `-`."""

from __future__ import annotations

import regex

NEGATIVE_SIGNS = "△▲"
MISSING = "-"
SIGNS = NEGATIVE_SIGNS + MISSING  # a minus as printed: △, ▲, or an ASCII minus before digits
NEW_ITEM = "순증"
# An amount as printed: "1,234", "△4,208,085", "0", "-" (missing)
AMOUNT_TOKEN = regex.compile(r"[△▲-]?\d{1,3}(?:,\d{3})+|[△▲-]?\d+|-")
# A rate as printed: "87.1%", "△19.7%", "1,938.4%", "3%", "순증", "-" (missing)
RATE_TOKEN = regex.compile(r"[△▲-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?%|[△▲-]?\d+(?:\.\d+)?%|순증|-")


def is_amount(token: str) -> bool:
    return bool(AMOUNT_TOKEN.fullmatch(token))


def is_rate(token: str) -> bool:
    return bool(RATE_TOKEN.fullmatch(token))


def parse_amount(token: str) -> int | None:
    """`"△1,234"` → -1234; `"-"` → None. Raises ValueError on anything else."""
    if not is_amount(token):
        raise ValueError(f"not an amount: {token!r}")
    if token == MISSING:
        return None
    negative = token[0] in SIGNS
    value = int(token.lstrip(SIGNS).replace(",", ""))
    return -value if negative else value


def parse_rate(token: str) -> float | None:
    """`"△5.3%"` → -5.3; `"순증"` and `"-"` → None. Raises ValueError on anything else."""
    if not is_rate(token):
        raise ValueError(f"not a rate: {token!r}")
    if token in (MISSING, NEW_ITEM):
        return None
    negative = token[0] in SIGNS
    value = float(token.lstrip(SIGNS).rstrip("%").replace(",", ""))
    return -value if negative else value


def is_new_item(token: str) -> bool:
    return token == NEW_ITEM


def decimals(token: str) -> int:
    """How many decimals a printed number shows: "87.1%" → 1, "3%" → 0."""
    digits = token.rstrip("%")
    return len(digits.split(".", 1)[1]) if "." in digits else 0

# A rate printed without its percent sign, as execution tables do: "75.8", "98", "△3.9", "70.5%", "-"
BARE_RATE_TOKEN = regex.compile(r"[△▲-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?%?|[△▲-]?\d+(?:\.\d+)?%?|-")


def is_bare_rate(token: str) -> bool:
    return bool(BARE_RATE_TOKEN.fullmatch(token))


def parse_bare_rate(token: str) -> float | None:
    """`"75.8"`, `"70.5%"` → 75.8, 70.5; `"-"` → None."""
    if not is_bare_rate(token):
        raise ValueError(f"not a rate: {token!r}")
    return parse_rate(token if token.endswith("%") or token == MISSING else token + "%")


def sign_and_digits(token: str) -> tuple[int, str]:
    """A printed number's sign and its digits, separators and `%` dropped, for readings that may not
    be numbers at all (OCR's, a reviewer's): "△1,234" → (-1, "1234"), "7.4%" → (1, "7.4")."""
    token = token.strip()
    sign = -1 if token[:1] in SIGNS and len(token) > 1 else 1
    return sign, token.lstrip(SIGNS).replace(",", "").removesuffix("%")
