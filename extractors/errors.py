"""The one exception that stops a run, and the one that says this machine cannot read a scan."""


class ReportError(ValueError):
    """The input is not a report this pipeline can read.

    The message is a single line naming the file (and the line, where there is
    one) and the problem; the command line prints it as it is.
    """

    def __init__(self, source: str, problem: str, line: object = None, page: int | None = None) -> None:
        """`line` is a line number, or the Line itself (which also names its PDF page)."""
        if line is not None and hasattr(line, "number"):
            line, page = line.number, page if page is not None else getattr(line, "page", None)
        where = source
        if page is not None:
            where += f", page {page}"
        if line is not None:
            where += f", line {line}"
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.problem = problem
        self.line = line
        self.page = page

    def __reduce__(self) -> tuple[type, tuple[str, str, object, int | None]]:
        """Picklable (a PDF's pages may be read in another process): rebuilt from its parts."""
        return (type(self), (self.source, self.problem, self.line, self.page))


class OcrUnavailable(RuntimeError):
    """No OCR engine or no Korean language data on this machine."""
