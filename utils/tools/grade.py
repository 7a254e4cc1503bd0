"""The gradebook (no lesson): ``python -m utils.tools.grade SUBMISSIONS`` (``make grade SUBMISSIONS=folder``).

Every ``.ipynb`` under the folder is graded, whichever lesson it is: the lesson comes from the notebook's
exercise metadata (``fdl.exercise``), never from its file name. A submission runs the way the course runs
a lesson, in a fresh kernel of its own, in smoke mode, on the CPU unless ``--device`` says otherwise, with
the mirror if ``FDL_MIRROR`` is set and no network: its own cells in its own order, with these changes.

- The course's ``parameters`` and ``setup`` cells stand in for the learner's (they are the course's, not
  the learner's work).
- Every check cell is the course's own, right after the learner's (last) exercise cell of that number,
  wherever the learner moved or copied it. A verdict comes only from running that check (each check
  appends it to the file ``FDL_VERDICTS`` names), never from a stored output.
- A solution cell becomes ``check.carry_on(...)``: the lesson goes on with the learner's version when it
  passed and with the course's otherwise, so a broken answer does not sink the exercises after it. A
  solution the learner opened or ran is reported (its verdict is then the reference's, not theirs).

Each exercise ends up ``passed``, ``not done``, ``hint``, ``missing`` (no exercise cell), ``error`` (the
check did not say: the learner's cell broke the lesson there) or ``timeout``. A cell may run for
``--timeout`` seconds (default 300, enough for smoke training); a submission gets its own temporary folder
(its models go there: nothing is written to ``models/`` or ``data/``) and, on Linux, at most
``--memory`` MB. Several submissions run at once, one per core.

Outputs, in ``--out`` (default ``grades/``): ``grades.csv`` (one row per submission, one column per
exercise, the points and a points-possible row, for a spreadsheet or an LMS), ``grades.png`` (the same at a
glance, one coloured cell per exercise), ``feedback/<name>.md`` per
submission (Markdown: it reads as plain text in any mail, LMS comment box or editor, and renders in
JupyterLab and on GitHub), and a one-screen summary on the terminal: per exercise, how many passed and
the most common hint.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import dataclasses
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import matplotlib
import nbformat
from matplotlib import pyplot as plt
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from tqdm.auto import tqdm
from traitlets.config import Config

from ..checks.core import MARKS
from ..plumbing import settings
from ..plumbing.errors import one_line
from .notebooks import lesson_notebooks, tags, with_parameters

STATUSES = ("passed", "not done", "hint", "missing", "error", "timeout")
#: A check's verdict status -> the gradebook's word.
FROM_VERDICT = {"pass": "passed", "todo": "not done", "hint": "hint", "error": "error"}
DEFAULT_TIMEOUT = 300
DEFAULT_MEMORY_MB = 6000
#: What the kernel of a submission gets in its environment: the course's quick mode, no network.
NO_NETWORK = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "no_proxy": "127.0.0.1,localhost",
    "NO_PROXY": "127.0.0.1,localhost",
}


def number_of(cell) -> str | None:
    return cell.get("metadata", {}).get("fdl", {}).get("exercise")


@dataclasses.dataclass
class Result:
    """How one submission did: a status and the check's line per exercise, notes, time and memory."""

    submission: str
    lesson: str | None
    statuses: dict[str, str] = dataclasses.field(default_factory=dict)
    lines: dict[str, str] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float = 0.0

    @property
    def points(self) -> int:
        return sum(s == "passed" for s in self.statuses.values())


# --------------------------------------------------------------------------------------------------------
# Which lesson, and the notebook to run


def references(folder: Path | None = None) -> dict[str, Path]:
    """The course's lesson notebooks by lesson (``"02"`` -> ``notebooks/02_asl.ipynb``)."""
    paths = sorted(Path(folder).glob("[0-9]*.ipynb")) if folder else lesson_notebooks()
    return {p.stem.split("_")[0]: p for p in paths}


def lesson_of(nb, known: dict[str, Path]) -> str | None:
    """The lesson a notebook belongs to, by the exercise numbers its cells carry (the most common prefix)."""
    prefixes = collections.Counter(n.split(".")[0] for n in (number_of(c) for c in nb.cells) if n and "." in n)
    for prefix, _ in prefixes.most_common():
        if prefix in known:
            return prefix
    return None


def exercise_numbers(reference) -> list[str]:
    return list(dict.fromkeys(n for c in reference.cells if (n := number_of(c)) and "exercise" in tags(c)))


def grading_notebook(submission, reference) -> tuple[object, dict[str, dict], list[str]]:
    """The notebook to run for ``submission``: its own cells in its own order, with the course's setup, the
    course's check right after the learner's exercise cell, and ``carry_on`` in place of every solution.

    Returns (the notebook, per exercise the indices of its exercise and check cells, notes to report).
    """
    numbers = exercise_numbers(reference)
    course = {
        (number_of(c), tag): c
        for c in reference.cells
        for tag in ("exercise", "check", "solution")
        if tag in tags(c) and c.cell_type == "code"
    }
    first = {"parameters", "injected-parameters", "setup"}
    setup = [c for c in reference.cells if c.cell_type == "code" and first & set(tags(c))]
    notes: list[str] = []
    last_exercise = {}
    for i, cell in enumerate(submission.cells):
        if cell.cell_type == "code" and "exercise" in tags(cell) and number_of(cell) in numbers:
            if number_of(cell) in last_exercise:
                notes.append(f"exercise {number_of(cell)}: more than one answer cell; the last one counts")
            last_exercise[number_of(cell)] = i
    cells, plan = [nbformat.from_dict(c) for c in setup], {}
    for i, cell in enumerate(submission.cells):
        n, t = number_of(cell), set(tags(cell))
        if cell.cell_type != "code" or first & t:
            continue  # markdown is not run; the course's own setup is already in
        if n in numbers and "check" in t:
            continue  # the course's check goes right after the exercise cell
        if n in numbers and "solution" in t:
            hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
            if cell.get("execution_count") is not None or not hidden:
                notes.append(f"exercise {n}: the solution was opened or run in the submitted notebook")
            if cell.source.strip() != course[(n, "solution")].source.strip():
                notes.append(f"exercise {n}: the solution cell was changed")
            cells.append(_carry_on(n))
            continue
        if n in numbers and "carry-on" in t:
            cells.append(_carry_on(n))
            continue
        if n in numbers and "exercise" in t:
            if i != last_exercise[n]:
                continue
            if cell.source.strip() == course[(n, "solution")].source.replace("# Solution\n", "").strip():
                notes.append(f"exercise {n}: the answer is the course's solution, copied")
            plan[n] = {"exercise": len(cells), "check": len(cells) + 1}
            cells.append(nbformat.v4.new_code_cell(cell.source))
            cells.append(nbformat.from_dict(course[(n, "check")]))
            continue
        cells.append(nbformat.v4.new_code_cell(cell.source))
    for n in numbers:
        if n not in plan:
            notes.append(f"exercise {n}: no answer cell in the submission")
    run = nbformat.v4.new_notebook(cells=[_plain(c) for c in cells], metadata=dict(reference.metadata))
    return run, plan, notes


def _carry_on(number: str):
    cell = nbformat.v4.new_code_cell(f'check.carry_on("{number}", globals())')
    cell.metadata = {"tags": ["carry-on"], "fdl": {"exercise": number}}
    return cell


def _plain(cell):
    """A code cell to run: its source, tags and exercise number, nothing run yet."""
    out = nbformat.v4.new_code_cell(cell.source)
    out.metadata = {k: v for k, v in cell.get("metadata", {}).items() if k in ("tags", "fdl")}
    return out


# --------------------------------------------------------------------------------------------------------
# Running one submission (in a worker process of its own)


def run_one(path: Path, reference_dir: Path | None, timeout: int, device: str) -> Result:
    """Grade one submission; never raises for what a learner's notebook does."""
    known = references(reference_dir)
    result = Result(submission=str(path), lesson=None)
    try:
        submission = nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - not JSON, not a notebook, unreadable: one line in the report
        result.notes.append(f"not a readable notebook ({type(err).__name__}: {one_line(str(err))[:120]})")
        return result
    lesson = lesson_of(submission, known)
    if lesson is None:
        result.notes.append("not a notebook of the course's lessons (no exercise of a known lesson in it)")
        return result
    result.lesson = lesson
    reference = with_parameters(nbformat.read(known[lesson], as_version=4))
    run, plan, notes = grading_notebook(submission, reference)
    result.notes += notes
    numbers = exercise_numbers(reference)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fdl-grade-") as tmp:
        tmp = Path(tmp)
        verdicts = tmp / "verdicts.jsonl"
        env = {
            **NO_NETWORK,
            "FDL_SMOKE": "1",
            "FDL_VERDICTS": str(verdicts),
            "FDL_MODELS": str(tmp / "models"),
            "FDL_DEVICE": device,
            "MPLBACKEND": "agg",
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
        }
        os.environ.update(env)
        failed, timed_out, died = _execute(run, tmp, timeout)
        found = _verdicts(verdicts)
    result.seconds = time.perf_counter() - start
    result.peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for n in numbers:
        if n not in plan:
            result.statuses[n] = "missing"
            continue
        cells = (plan[n]["exercise"], plan[n]["check"])
        if n in found:
            result.statuses[n], result.lines[n] = FROM_VERDICT[found[n]["status"]], found[n]["line"]
        elif any(i in timed_out for i in cells):
            result.statuses[n] = "timeout"
            result.lines[n] = f"the answer cell ran longer than {timeout} s and was stopped"
        else:
            result.statuses[n] = "error"
            why = failed.get(cells[1]) or failed.get(cells[0]) or ("the kernel stopped" if died else "no verdict")
            result.lines[n] = f"the check could not run: {why}"
    if died:
        result.notes.append(f"the kernel stopped at cell {died} (the notebook exits or crashes there)")
    return result


def _execute(nb, cwd: Path, timeout: int) -> tuple[dict[int, str], set[int], int | None]:
    """Run every cell, going on after errors; (errors by cell, cells that timed out, the cell the kernel died at)."""
    runtime = cwd / "kernel"
    config = Config({"KernelManager": {"transport": "ipc", "ip": str(runtime)}})
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        config=config,
        resources={"metadata": {"path": str(cwd)}},
    )
    failed, timed_out, died = {}, set(), None
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            began = time.perf_counter()
            try:
                client.execute_cell(cell, i)
            except DeadKernelError:
                died = i
                break
            if time.perf_counter() - began >= timeout:
                timed_out.add(i)
            errors = [o for o in cell.outputs if o.get("output_type") == "error"]
            if errors:
                failed[i] = one_line(f"{errors[-1].get('ename')}: {errors[-1].get('evalue')}")[:200]
            cell.outputs = []  # what a cell prints (megabytes, say) is never kept
    return failed, timed_out, died


def _verdicts(path: Path) -> dict[str, dict]:
    """The last verdict of each exercise, with its printed line."""
    found = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                v = json.loads(line)
                v["line"] = f"{MARKS[v['status']]}. {v['message']}"
                found[v["exercise"]] = v
    return found


def _worker(argv: list[str]) -> int:
    """``--worker PATH RESULT REFERENCE TIMEOUT DEVICE``: grade one submission, write its result as JSON."""
    path, out, reference, timeout, device = argv
    result = run_one(Path(path), Path(reference) if reference else None, int(timeout), device)
    Path(out).write_text(json.dumps(dataclasses.asdict(result)), encoding="utf-8")
    return 0


def _limit_memory(mb: int):
    def limit():
        if mb and hasattr(resource, "RLIMIT_DATA"):
            resource.setrlimit(resource.RLIMIT_DATA, (mb * 2**20, mb * 2**20))

    return limit


def grade_one(path: Path, reference_dir: Path | None, timeout: int, device: str, memory_mb: int) -> Result:
    """One submission in a process of its own (and its kernel under it), with its memory bounded."""
    with tempfile.TemporaryDirectory(prefix="fdl-worker-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [
            sys.executable,
            "-m",
            "utils.tools.grade",
            "--worker",
            str(path),
            str(out),
            str(reference_dir or ""),
            str(timeout),
            device,
        ]
        budget = (
            timeout * (len(nbformat.reads(path.read_text(errors="replace"), 4).cells) + 10) if _readable(path) else 120
        )
        try:
            done = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                preexec_fn=_limit_memory(memory_mb),
                timeout=budget,
                cwd=settings.REPO_ROOT,
            )
        except subprocess.TimeoutExpired:
            return Result(str(path), None, notes=[f"grading took more than {budget} s and was stopped"])
        if out.is_file():
            return Result(**json.loads(out.read_text(encoding="utf-8")))
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return Result(str(path), None, notes=[f"the grader's worker failed: {one_line(tail[0])[:200]}"])


def _readable(path: Path) -> bool:
    try:
        nbformat.reads(path.read_text(errors="replace"), 4)
        return True
    except Exception:  # noqa: BLE001
        return False


# --------------------------------------------------------------------------------------------------------
# A class: grading in parallel, the gradebook, the feedback, the summary


def find_submissions(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def grade(
    paths: list[Path],
    reference_dir: Path | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    device: str = "cpu",
    memory_mb: int = DEFAULT_MEMORY_MB,
    jobs: int | None = None,
    progress: bool = True,
) -> list[Result]:
    jobs = jobs or max(1, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(grade_one, p, reference_dir, timeout, device, memory_mb) for p in paths]
        return [f.result() for f in tqdm(futures, desc="grading", unit="notebook", disable=not progress)]


def columns(results: list[Result], reference_dir: Path | None = None) -> list[str]:
    known = references(reference_dir)
    lessons = sorted({r.lesson for r in results if r.lesson})
    return [n for lesson in lessons for n in exercise_numbers(nbformat.read(known[lesson], as_version=4))]


def write_csv(results: list[Result], path: Path, root: Path, reference_dir: Path | None = None) -> None:
    numbers = columns(results, reference_dir)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["submission", "lesson", *numbers, "points", "notes"])
        out.writerow(["Points Possible", "", *["1"] * len(numbers), str(len(numbers)), ""])
        for r in results:
            row = [r.statuses.get(n, "") for n in numbers]
            out.writerow([_name(r.submission, root), r.lesson or "", *row, r.points, "; ".join(r.notes)])


def _name(path: str, root: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    return str(path)


def write_feedback(result: Result, folder: Path, root: Path) -> Path:
    name = _name(result.submission, root)
    path = folder / (name.replace(os.sep, "__").removesuffix(".ipynb") + ".md")
    lines = [f"# Feedback on `{name}`", ""]
    if result.lesson:
        lines += [f"Lesson {result.lesson}: {result.points} of {len(result.statuses)} exercises passed.", ""]
        for n, status in result.statuses.items():
            detail = result.lines.get(n, "no answer cell for this exercise" if status == "missing" else "")
            lines.append(f"- **{n}**: {status}. {detail}".rstrip())
    if result.notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in result.notes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: The gradebook picture's colours, by status.
COLOURS = {
    "passed": "#7fc97f",
    "not done": "#e0e0e0",
    "hint": "#fdc086",
    "missing": "#ffffff",
    "error": "#f0027f",
    "timeout": "#beaed4",
}


def write_picture(results: list[Result], path: Path, root: Path, reference_dir: Path | None = None) -> None:
    """The gradebook at a glance: one row per submission, one coloured cell per exercise, the points; a
    submission with notes (a solution opened, a cell copied or missing) is marked with *."""
    numbers = columns(results, reference_dir)
    rows = [r for r in results if r.lesson]
    if not rows or not numbers:
        return
    matplotlib.use("Agg")
    fig, ax = plt.subplots(figsize=(1.0 + 0.9 * len(numbers), 0.22 * (len(rows) + 1)))
    ax.axis("off")
    text = [[r.statuses.get(n, "") for n in numbers] + [str(r.points)] for r in rows]
    colours = [[COLOURS.get(r.statuses.get(n, ""), "#ffffff") for n in numbers] + ["#ffffff"] for r in rows]
    table = ax.table(
        cellText=text,
        cellColours=colours,
        colLabels=numbers + ["points"],
        rowLabels=[_name(r.submission, root) + (" *" if r.notes else "") for r in rows],
        bbox=[0, 0, 1, 1],
        cellLoc="center",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    lessons = sorted({r.lesson for r in rows})
    noted = sum(bool(r.notes) for r in rows)
    ax.set_title(
        f"Lesson {', '.join(lessons)}: {len(rows)} notebooks"
        + (f"; * {noted} with notes (see grades.csv)" if noted else ""),
        fontsize=9,
        loc="left",
    )
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def summary(results: list[Result]) -> str:
    """Per exercise: how many passed, and the most common hint (what to talk about in the next class)."""
    per = collections.defaultdict(list)
    for r in results:
        for n, s in r.statuses.items():
            per[n].append((s, r.lines.get(n, "")))
    rows = [f"{len(results)} notebooks graded; {sum(1 for r in results if not r.lesson)} could not be graded."]
    for n in sorted(per, key=lambda k: (k.split(".")[0], int(k.split(".")[1]))):
        got = per[n]
        passed = sum(s == "passed" for s, _ in got)
        hints = collections.Counter(_hint_of(line) for s, line in got if s == "hint")
        common = ""
        if hints:
            (top, times), *_ = hints.most_common(1)
            many = len(hints) > 1 and times == 1
            common = f"; {len(hints)} different hints, e.g. {top}" if many else f"; most common hint ({times}x): {top}"
        others = collections.Counter(s for s, _ in got if s not in ("passed", "hint"))
        rest = ", ".join(f"{c} {s}" for s, c in sorted(others.items()))
        rows.append(f"{n}: {passed}/{len(got)} passed{', ' + rest if rest else ''}{common}")
    return "\n".join(rows)


def _hint_of(line: str) -> str:
    text = line.split(". ", 1)[1] if ". " in line else line
    return textwrap.shorten(text.split(": ")[0].split(". ")[0], 90, placeholder=" ...")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return _worker(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m utils.tools.grade", description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path, help="a folder of learners' notebooks (searched recursively)")
    parser.add_argument("--out", type=Path, default=settings.REPO_ROOT / "grades", help="where to write the results")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds a cell may run (default 300)")
    parser.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MB, help="MB a submission may use (default 6000)")
    parser.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: the cores)")
    parser.add_argument("--device", default="cpu", help="cpu (default), cuda or mps")
    parser.add_argument("--reference", type=Path, default=None, help=argparse.SUPPRESS)  # the lessons (tests)
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder of notebooks", file=sys.stderr)
        return 2
    paths = find_submissions(args.submissions)
    if not paths:
        print(f"error: no .ipynb file under {args.submissions}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results = grade(paths, args.reference, args.timeout, args.device, args.memory, args.jobs)
    took = time.perf_counter() - start
    args.out.mkdir(parents=True, exist_ok=True)
    feedback = args.out / "feedback"
    shutil.rmtree(feedback, ignore_errors=True)
    feedback.mkdir()
    write_csv(results, args.out / "grades.csv", args.submissions, args.reference)
    write_picture(results, args.out / "grades.png", args.submissions, args.reference)
    for r in results:
        write_feedback(r, feedback, args.submissions)
    print(summary(results))
    jobs = args.jobs or max(1, os.cpu_count() or 1)
    slowest = max(r.seconds for r in results)
    print(
        f"{len(results)} notebooks in {took:.0f} s ({min(jobs, len(results))} at once); the slowest took "
        f"{slowest:.0f} s; the most memory a kernel used: {max(r.peak_mb for r in results):,.0f} MB"
    )
    print(f"gradebook: {args.out / 'grades.csv'} (at a glance: grades.png); feedback: {feedback}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
