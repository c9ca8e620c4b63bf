"""How a report's run ended, and how a run of several reports ends: the exit codes, ranked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NEEDS_REVIEW = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # SIGTERM, as a service manager, a container runtime or a scheduler stops a job
# A run of several reports exits with the first of these that any report had, else 0.
RANKING = (EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NEEDS_REVIEW)
REVIEW_PAGE = "review.html"


SIGNALLED: list[int] = []  # the exit status of every signal this run took (the command's handlers add them)


class Terminated(KeyboardInterrupt):
    """SIGTERM: the run stops as on Ctrl-C (every cleanup that an interruption runs runs), and exits 143."""


def stop_if_signalled() -> None:
    """Where a signal was taken but a library swallowed its exception (an import that catches
    everything), raise it again."""
    if SIGNALLED:
        raise Terminated if SIGNALLED[-1] == EXIT_TERMINATED else KeyboardInterrupt


def worst_exit(codes: list[int]) -> int:
    """A folder run exits with the first of 1, 2, 3 that any report had, else 0."""
    return next((code for code in RANKING if code in codes), EXIT_OK)


@dataclass(frozen=True)
class ReportOutcome:
    """How one report's run ended: what the command line and the flow's summary need."""

    report: str
    out_dir: str
    exit_code: int
    status: str
    message: str = ""
    manifest: dict | None = None
    started_at: float = 0.0  # epoch seconds, for throughput figures
    finished_at: float = 0.0
    peak_mib: float = 0.0  # the process's peak resident memory so far
    reviews_file: str | None = None  # the reviewed-findings file used, if any
    reviews_expected: str = ""  # where the report's reviews go
    stale_reviews: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the libraries' (in run.log)

    @classmethod
    def failed(cls, report: str | Path, out_dir: str | Path, error: BaseException | str, **details) -> ReportOutcome:
        """A run that failed (exit 1), its message one line naming the report and the error."""
        name = Path(report).name
        message = error if isinstance(error, str) else f"{name}: the run failed: {type(error).__name__}: {error}"
        return cls(name, str(out_dir), EXIT_FAILED, "failed", " ".join(message.split()), **details)

    @classmethod
    def refused(cls, report: str | Path, out_dir: str | Path, message: str, **details) -> ReportOutcome:
        """Bad input (exit 2): the output folder untouched."""
        return cls(Path(report).name, str(out_dir), EXIT_BAD_INPUT, "bad_input", message, **details)

    @property
    def unreviewed_errors(self) -> int:
        return int((self.manifest or {}).get("findings", {}).get("unreviewed_errors", 0))

    @property
    def findings_path(self) -> str:
        return str(Path(self.out_dir) / "findings.csv")

    @property
    def review_page(self) -> str:
        return str(Path(self.out_dir) / REVIEW_PAGE)
