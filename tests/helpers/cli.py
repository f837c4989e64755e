"""Run `cppcc-review` in-process and capture what it printed."""

from __future__ import annotations

from cppcc_review.tui.cli import main


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `cppcc-review ARGV...`; arguments may be Paths."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
