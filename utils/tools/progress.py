"""``make progress`` (no lesson): where am I? ``python -m utils.tools.progress [NOTEBOOK ...]``.

Grades a learner's own working copies of the lessons the way the gradebook grades a class
(``utils.tools.grade``: each notebook in a fresh kernel, in smoke mode, its own answers judged by the
course's checks) and prints, lesson by lesson, which exercises passed, which are not done yet, and which
need another look, with the hint for each of those. By default it reads the lessons in ``notebooks/`` and,
when there are any, the handouts in ``notebooks/handout/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .grade import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, grade
from .notebooks import HANDOUT_DIR, lesson_notebooks

WORDS = {
    "passed": "passed",
    "not done": "not done yet",
    "hint": "another look",
    "missing": "missing",
    "error": "error",
    "timeout": "too slow",
}


def table(results) -> str:
    lines = []
    for r in sorted(results, key=lambda r: (r.lesson or "~", r.submission)):
        if not r.lesson:
            lines.append(f"{r.submission}: {'; '.join(r.notes)}")
            continue
        done = sum(s == "passed" for s in r.statuses.values())
        lines.append(f"Lesson {r.lesson} ({Path(r.submission).name}): {done} of {len(r.statuses)} passed")
        for n, status in r.statuses.items():
            hint = "" if status in ("passed", "not done") else f"  {r.lines.get(n, '')}"
            lines.append(f"  {n}  {WORDS[status]:<13}{hint}".rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.progress", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="your notebooks (default: notebooks/ and its handouts)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds a cell may run")
    args = parser.parse_args(argv)
    paths = args.notebooks or lesson_notebooks() + sorted(HANDOUT_DIR.glob("[0-9]*.ipynb"))
    results = grade(paths, timeout=args.timeout, memory_mb=DEFAULT_MEMORY_MB)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
