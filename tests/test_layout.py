"""The house: imports flow one way, down to schemas/; modules and functions stay short."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Package -> the packages of ours it may import.
ALLOWED = {
    "flows": {"checks", "review", "extractors", "schemas"},
    "review": {"checks", "extractors", "schemas"},
    "checks": {"extractors", "schemas"},
    "extractors": {"schemas"},
    "schemas": set(),
}
# Inside extractors/: the readers and the parsers both stand on the form's words and shapes; the
# form stands on nothing above it, and a parser never opens a file.
ALLOWED_INSIDE_EXTRACTORS = {"read": {"form"}, "parts": {"form"}, "form": set()}
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def imports_of(path: Path, package: str | None = None) -> set[str]:
    """The absolute module names a file imports (relative imports resolved against its package)."""
    package = package if package is not None else ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            found.add(".".join(part for part in (base, node.module or "") if part))
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.fast
@pytest.mark.parametrize("package", list(ALLOWED))
def test_a_package_imports_only_the_packages_below_it(package):
    wrong = sorted((str(path.relative_to(ROOT)), name) for path in modules(package) for name in imports_of(path)
                   if name.split(".")[0] in ALLOWED and name.split(".")[0] not in ALLOWED[package] | {package})
    assert not wrong, f"{package}/ imports above itself: {wrong}"


@pytest.mark.fast
@pytest.mark.parametrize("kind", list(ALLOWED_INSIDE_EXTRACTORS))
def test_the_kinds_of_extractors_import_down(kind):
    others = set(ALLOWED_INSIDE_EXTRACTORS) - ALLOWED_INSIDE_EXTRACTORS[kind] - {kind}
    wrong = sorted((str(path.relative_to(ROOT)), name) for path in modules(f"extractors/{kind}")
                   for name in imports_of(path) if name.split(".")[:2] in ([["extractors", o] for o in others]))
    assert not wrong, f"extractors/{kind}/ imports {others}: {wrong}"


@pytest.mark.fast
def test_the_imports_check_sees_an_import_that_runs_up(tmp_path):
    """The checker itself: a relative import out of schemas/ into extractors/ is seen."""
    fake = tmp_path / "probe.py"
    fake.write_text("from extractors import extract\nfrom .model import Column\n", encoding="utf-8")
    assert imports_of(fake, "schemas") == {"extractors", "schemas.model"}


def test_the_schemas_load_neither_the_extractors_nor_pdfplumber():
    names = [".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
             for path in modules("schemas")]
    probe = (f"import sys\nfor name in {names!r}: __import__(name)\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'extractors', 'checks', 'flows', 'review', "
             "'pdfplumber', 'great_expectations', 'prefect'}))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_the_extractors_load_no_pdf_library_until_a_pdf_is_read():
    probe = "import sys, extractors; print('pdfplumber' in sys.modules, 'great_expectations' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("name", ["sample_document.hwpx", "sample_document.hwp"])
def test_the_text_command_on_a_hangul_file_loads_neither_pandas_nor_python_hwpx_nor_the_parsers(name):
    """What `report-pipeline text` loads: the command (which reads in a bounded child), then the reader."""
    path = ROOT / "tests" / "fixtures" / "hangul" / name
    probe = ("import contextlib, io, sys; from flows.cli import main; from extractors.read import read_lines; "
             "out = io.StringIO(); redirect = contextlib.redirect_stdout(out); redirect.__enter__(); "
             "code = main(['text', sys.argv[1]]); read_lines(sys.argv[1]); redirect.__exit__(None, None, None); "
             "print(code, out.getvalue().count(chr(10)) > 10, "
             "sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'hwpx', 'pdfplumber', 'prefect'}), "
             "'extractors.report' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", probe, str(path)], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert loaded.stdout.split() == ["0", "True", "[]", "False"]


@pytest.mark.fast
@pytest.mark.parametrize("package", list(ALLOWED))
def test_modules_and_functions_stay_short(package):
    long = []
    for path in modules(package):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long.append((str(path.relative_to(ROOT)), "module", len(text.splitlines())))
        long += [(str(path.relative_to(ROOT)), node.name, node.end_lineno - node.lineno + 1)
                 for node in ast.walk(ast.parse(text))
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                 and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"over {MAX_MODULE_LINES} lines a module or {MAX_FUNCTION_LINES} a function: {long}"


def string_arguments(package: str, callables: set[str]) -> set[str]:
    """The string literals given as first argument to the named callables in a package's modules."""
    found = set()
    for path in modules(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in callables):
                found.add(node.args[0].value)
    return found


def string_literals(package: str) -> set[str]:
    return {node.value for path in modules(package) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


@pytest.mark.fast
def test_every_check_the_code_names_is_registered_and_every_registered_one_is_computed_somewhere():
    from schemas.checks import CHECKS

    named = set().union(*(string_arguments(package, {"Comparison", "gap", "finding", "severity_of"})
                          for package in ("checks", "extractors", "flows")))
    assert named, "the check names given to Comparison, gap and finding"
    assert named <= set(CHECKS), f"not in schemas/checks.py: {sorted(named - set(CHECKS))}"
    literals = set().union(*(string_literals(package) for package in ("checks", "extractors", "flows")))
    assert set(CHECKS) - literals == set(), "registered, but named nowhere in the code: dead entries"


@pytest.mark.fast
def test_a_finding_of_a_check_that_is_not_registered_cannot_be_built():
    from checks.findings import finding

    with pytest.raises(KeyError, match="not registered"):
        finding("totals_agree", "revenue_detail", "세입")
    assert finding("section_missing", "", "Ⅲ")["severity"] == "warning"
    assert finding("table_not_read", "org_units", "조직")["severity"] == "error"


@pytest.mark.fast
def test_every_check_has_a_sentence_for_the_review_page_and_a_row_in_the_docs():
    from review.sentences import sentence
    from schemas.checks import CHECKS

    document = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for name, check in CHECKS.items():
        assert check.sentence.endswith((".", "?")) and check.what, name
        assert sentence(name, "budget").startswith(check.sentence[:12]), name
        assert f"| `{name}` |" in document, name


# What runs processes, takes signals or reads the environment belongs to flows/: the extractor is
# given what it needs as arguments (extractors.read.ReadOptions).
PROCESS_MODULES = {"multiprocessing", "concurrent.futures", "signal", "subprocess", "threading"}
# The OCR engine's own variable for its language data, read where the engine is loaded.
ENVIRONMENT_READERS = {"extractors/read/ocr.py"}


@pytest.mark.fast
def test_the_extractors_hold_no_process_signal_or_environment_code():
    found = []
    for path in modules("extractors"):
        name = str(path.relative_to(ROOT))
        found += [(name, module) for module in imports_of(path)
                  if module.split(".")[0] in PROCESS_MODULES or module in PROCESS_MODULES]
        if "os.environ" in path.read_text(encoding="utf-8") and name not in ENVIRONMENT_READERS:
            found.append((name, "os.environ"))
    assert not found, found


@pytest.mark.fast
def test_every_section_of_the_form_has_one_spec_in_its_order_and_every_table_a_section():
    from extractors.form.vocabulary import SECTION_ORDER
    from extractors.report import SECTIONS
    from schemas import TABLES

    assert tuple(spec.key for spec in SECTIONS) == SECTION_ORDER
    assert {schema.section for schema in TABLES.values()} <= set(SECTION_ORDER)


@pytest.mark.fast
def test_every_section_is_told_by_shapes_the_splitter_counts():
    from extractors.parts.sections import CONTENT_SHAPES, FOREIGN_SHAPES
    from extractors.report import SECTIONS

    for spec in SECTIONS:
        assert spec.shape.weights and set(spec.shape.weights) <= set(CONTENT_SHAPES), spec.key
        assert set(spec.shape.at_least) <= set(spec.shape.weights), spec.key
        assert spec.shape.foreign and set(spec.shape.foreign) <= set(FOREIGN_SHAPES), spec.key
