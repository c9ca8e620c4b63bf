"""The keys of a report's `manifest.json`, each with what it says (the data dictionary lists them)."""

from __future__ import annotations

MANIFEST_KEYS = {
    "report_id": "The report's id: its input file's stem, in Unicode NFC.",
    "input_file": "The input file's name.",
    "input_sha256": "The input file's SHA-256.",
    "reviews_file": "The reviewed-findings file used, or null.",
    "reviews_sha256": "Its SHA-256, or null.",
    "pipeline_version": "The pipeline's version.",
    "fiscal_year": "The report's fiscal year.",
    "started": "When the run started (UTC, ISO 8601).",
    "finished": "When it finished.",
    "tables": "Rows per table.",
    "unparsed_lines": "How many lines no extractor recognised (unparsed_lines.csv).",
    "findings": "Findings by severity and review.",
    "missing_sections": "The sections of the form the report does not have.",
    "empty_tables": "Why each table written empty is empty.",
    "programs_without_detail_row": "Programmes of the execution tables that no detail row matches.",
    "control_characters_removed": "Control characters (C0, C1, bidirectional overrides and isolates) removed from "
                                  "the tables' text cells.",
    "ocr": "The pages read by OCR (`pages`, empty for a report with a text layer) and, where there are any, the "
           "engine's version (`engine`) and its language data's (`language_data`, by language).",
    "validation": "What Great Expectations evaluated and how many expectations failed.",
    "review_page": "The review page's file name.",
    "status": "`ok`, or `needs_review` while an error finding is unreviewed.",
    "files": "Every file the run wrote in the folder (a later run replaces the folder only where it holds no "
             "other file).",
}
