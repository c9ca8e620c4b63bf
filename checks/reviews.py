"""A report's reviewed findings (`key,note`): looked up beside the report's path as given (its
name as given, then in Unicode NFC), then beside the target of a symlink."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pandas as pd

from checks.findings import ReviewFileError, parse_reviews
from extractors import ReportError
from extractors.read.text import DEFAULT_TEXT_ENCODINGS

REVIEWS_SUFFIX = ".reviewed.csv"


def expected_reviews(input_path: Path) -> Path:
    """Where a report's reviews go: `<stem>.reviewed.csv` beside the report's path as given."""
    return input_path.with_name(input_path.stem + REVIEWS_SUFFIX)


def reviews_path(input_path: Path) -> Path | None:
    """The reviews file in use: beside the path as given, else beside a symlink's target; None."""
    beside = expected_reviews(input_path)
    for candidate in dict.fromkeys((beside, beside.with_name(unicodedata.normalize("NFC", beside.name)))):
        if candidate.is_file():
            return candidate
    if input_path.is_symlink():
        target = input_path.resolve()
        candidate = target.with_name(target.stem + REVIEWS_SUFFIX)
        if candidate.is_file():
            return candidate
    return None


def load_reviews(input_path: Path) -> pd.DataFrame:
    """The reviewed findings of a report; none when it has no reviewed-findings file."""
    path = reviews_path(input_path)
    if path is None:
        return parse_reviews("key,note\n", expected_reviews(input_path).name)
    try:
        return parse_reviews(decoded_reviews(path.read_bytes(), path.name), path.name)
    except ReviewFileError as error:
        raise ReportError(path.name, str(error).removeprefix(f"{path.name}, ").strip()) from error


def decoded_reviews(data: bytes, name: str) -> str:
    """The reviewed file's text: UTF-8 (with or without BOM) or CP949, as Korean Excel saves CSV,
    with any line ending; else refused naming the first line that is neither."""
    data = data.removeprefix(codecs.BOM_UTF8)
    for encoding in DEFAULT_TEXT_ENCODINGS:
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")  # any line ending
        except UnicodeDecodeError:
            continue
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            raise ReportError(name, f"line {number} is neither UTF-8 nor CP949: save the file as CSV UTF-8") from None
    raise ReportError(name, "neither UTF-8 nor CP949: save the file as CSV UTF-8")
