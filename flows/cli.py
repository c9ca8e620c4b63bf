"""The command line: parse arguments, check the input before any run starts, map outcomes to exits."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from extractors.errors import OcrUnavailable, ReportError
from flows.arguments import build_parser, restore_limits, saved_limits, set_limits, set_no_ocr
from flows.lock import OutputBusy
from flows.messages import fail
from flows.outcome import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    SIGNALLED,
    Terminated,
    stop_if_signalled,
)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    signal.signal(signal.SIGTERM, _terminate)
    if previous[signal.SIGINT] is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    SIGNALLED.clear()
    limits = saved_limits()
    try:
        if args.command == "text":
            return text_command(args.file)
        if args.command == "status":
            return status_command(args.out)
        set_limits(args.max_memory, args.max_seconds)
        if args.command == "serve":
            from flows.serve import serve_command

            return serve_command(args.raw, args.out, args.cron, args.timezone, args.name)
        return run(args)
    except ReportError as error:
        return fail(str(error), EXIT_BAD_INPUT)
    except OcrUnavailable as error:  # a scan, and no engine to read it: the machine's to fix, not the file's
        return fail(str(error), EXIT_FAILED)
    except OutputBusy as error:
        return fail(str(error), EXIT_FAILED)
    except Terminated:
        return fail("terminated: each report's previous output, or its new complete one, is left", EXIT_TERMINATED)
    except KeyboardInterrupt:
        return fail("interrupted: each report's previous output, or its new complete one, is left",
                    EXIT_INTERRUPTED)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        restore_limits(limits)


def run(args) -> int:
    """`run`: its options checked, then the run (its modules loaded now: no other command needs them)."""
    set_no_ocr(args.no_ocr)
    if args.workers is not None and args.workers < 1:
        return fail(f"--workers must be 1 or more, not {args.workers}", EXIT_BAD_INPUT)
    from flows.run_command import run_command

    code = run_command(args.input, args.out, args.workers, args.dask_address, args.fiscal_year,
                       wait=not args.no_wait, verbose=args.verbose)
    stop_if_signalled()  # a library swallowed the interruption: still said
    return code


def status_command(out: Path) -> int:
    """Each report of an output folder as it stands; 3 while any needs review."""
    from flows.standing import status_lines

    if not out.is_dir():
        raise ReportError(str(out), "no such output folder")
    lines, code = status_lines(out)
    print("\n".join(lines), flush=True)
    return code


def text_command(path: Path) -> int:
    """Every line the parsers read: `page:line<TAB>text`."""
    from extractors import read_lines
    from extractors.form.controls import escaped_controls
    from flows.bounded import read_bounded
    from flows.runners import read_options

    lines = read_bounded(read_lines, path, None, read_options())  # under the memory and time limits, as a run reads
    out = sys.stdout
    for line in lines:  # a control character is printed as its escape, never sent to the terminal
        out.write(f"{'' if line.page is None else line.page}:{line.number}\t{escaped_controls(line.text)}\n")
    out.flush()
    return 0


def _terminate(signum, frame) -> None:
    """The first SIGTERM stops the run as Ctrl-C does; a second signal, while it cleans up, is ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    SIGNALLED.append(EXIT_TERMINATED)
    raise Terminated


def _interrupt(signum, frame) -> None:
    """Ctrl-C: remembered (the exit status says it even where a library swallows the exception)."""
    SIGNALLED.append(EXIT_INTERRUPTED)
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
