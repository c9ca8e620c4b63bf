"""Hangul figures for make bench: the reference report extracted from its `.hwpx` and `.hwp` against
its text (median of 5, each in this process, target at most 0.5 s slower), the peak memory of
reading a document ten times as long (target at most 200 MiB more), each in a fresh process, and the
reading against the fastest reader we know, unhwp (Rust; a dev dependency, for this comparison only):
in this process (target 2x its parse) and `report-pipeline text` as a whole process (target 4x its
whole-process parse)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "raw" / "seoul_haengjeong_2023.txt"
SLOWER_TARGET_SECONDS = 0.5
IN_PROCESS_TARGET, WHOLE_PROCESS_TARGET = 2.0, 4.0  # times unhwp's
MEMORY_TARGET_MIB = 200
LONGER = 10
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
PROBE = ("import re, sys; from pathlib import Path; from extractors import extract; extract(sys.argv[1]); "
         "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', Path('/proc/self/status').read_text())[1]) / 1024)")


def hangul_figures(repeats: int = 5) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from extractors import extract
    from tests.hangul_report import write_hangul
    from tests.ruled_report import ruled_blocks

    lines = []
    with tempfile.TemporaryDirectory() as folder:
        blocks = ruled_blocks(REFERENCE.read_text(encoding="utf-8"), extract(REFERENCE))
        files = {suffix: write_hangul(blocks, Path(folder) / f"reference{suffix}") for suffix in (".hwpx", ".hwp")}
        text = _median(lambda: extract(REFERENCE), repeats)
        for suffix, path in files.items():
            seconds = _median(lambda path=path: extract(path), repeats)
            verdict = "within" if seconds - text <= SLOWER_TARGET_SECONDS else "OVER"
            lines.append(f"Hangul {suffix}: extract {seconds:.3f} s against the text's {text:.3f} s = "
                         f"{seconds - text:+.3f} s: {verdict} the +{SLOWER_TARGET_SECONDS} s target "
                         f"(median of {repeats})")
        lines += fastest_reader_figures(files, repeats)
        longer = {".hwpx": _repeated(files[".hwpx"], Path(folder) / "longer.hwpx", LONGER)}
        longer[".hwp"] = _as_hwp(longer[".hwpx"], Path(folder) / "longer.hwp")
        for suffix, path in longer.items():
            small, large = _peak_mib(files[suffix]), _peak_mib(path)
            verdict = "within" if large - small <= MEMORY_TARGET_MIB else "OVER"
            lines.append(f"Hangul {suffix} peak memory: {small:.0f} MiB, {large:.0f} MiB for one {LONGER}x as long "
                         f"(+{large - small:.0f} MiB): {verdict} the +{MEMORY_TARGET_MIB} MiB target")
    return lines


def fastest_reader_figures(files: dict[str, Path], repeats: int) -> list[str]:
    """Our reading against unhwp's parse, in this process and as whole processes."""
    import unhwp

    from extractors.read import read_lines

    lines = []
    for suffix, path in files.items():
        ours = _median(lambda path=path: read_lines(path), repeats)
        theirs = _median(lambda path=path: unhwp.parse(str(path)).json, repeats)
        lines.append(_against(f"Hangul {suffix} read in this process", ours, theirs, IN_PROCESS_TARGET))
        ours = _median(lambda path=path: _run([str(ROOT / ".venv" / "bin" / "report-pipeline"), "text", str(path)]),
                       repeats)
        theirs = _median(lambda path=path: _run([sys.executable, "-c", "import sys, unhwp; unhwp.parse(sys.argv[1])"
                                                 ".json", str(path)]), repeats)
        lines.append(_against(f"Hangul {suffix} `report-pipeline text`, whole process", ours, theirs,
                              WHOLE_PROCESS_TARGET))
    return lines


def _against(what: str, ours: float, theirs: float, target: float) -> str:
    verdict = "within" if ours <= target * theirs else "OVER"
    return (f"{what}: {ours:.3f} s against unhwp's {theirs:.3f} s = {ours / theirs:.1f}x: {verdict} the {target:g}x "
            "target")


def _run(command: list[str]) -> None:
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)


def _as_hwp(source: Path, target: Path) -> Path:
    from hwpx import HwpxDocument

    HwpxDocument.open(source).save_to_path(str(target))
    return target


def _median(action, repeats: int) -> float:
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _repeated(source: Path, target: Path, times: int) -> Path:
    """The package with its section's body paragraphs repeated `times` times."""
    from lxml import etree

    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == "Contents/section0.xml":
                root = etree.fromstring(data)
                body = list(root)[1:]  # the first paragraph holds the section's settings
                for _ in range(times - 1):
                    root.extend(etree.fromstring(etree.tostring(paragraph)) for paragraph in body)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            copy.writestr(info, data)
    return target


def _peak_mib(path: Path) -> float:
    result = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, cwd=ROOT,
                            check=True)
    return float(result.stdout.split()[-1])


if __name__ == "__main__":
    print("\n".join(hangul_figures()))
