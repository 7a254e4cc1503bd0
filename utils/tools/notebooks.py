"""Run and tidy the course notebooks: the tool behind `make all`, `make test` and `make handout` (no lesson).

- ``python -m utils.tools.notebooks execute NB...``: run each notebook top to bottom in a fresh kernel, with
  the runner's parameters injected after its ``parameters`` cell (papermill's convention: ``BACKBONE``
  from ``FDL_BACKBONE``), and save the executed copy, outputs included, to ``notebooks/executed/``. Fails if
  a cell raised, or if any code cell did not run (the guard against a notebook that silently stopped early).
- ``python -m utils.tools.notebooks record NB...``: run each notebook and keep the outputs of its cells
  tagged ``nbval-check-output`` (deterministic facts such as data set sizes) in ``tests/expected_outputs.json``,
  which nbval compares with (see the top-level ``conftest.py``). Committed notebooks hold no outputs at
  all, so that no stored output gives an answer away before the learner has written it.
- ``python -m utils.tools.notebooks clean NB...``: drop execution counts, outputs and run-time metadata.
- ``python -m utils.tools.notebooks check NB...``: exit non-zero if a notebook is not clean.
- ``python -m utils.tools.notebooks handout NB...``: the notebooks without the exercises' solutions and the
  questions' answers, in ``notebooks/handout/`` (which ``make lab`` serves), for instructors who hand out
  the exercises (``make handout``). Each solution's place is taken by one cell,
  ``check.carry_on("NN.N", globals())``: the lesson goes on with the learner's version once it passes, and
  with the course's own until then, saying so in one line. Cells whose text talks about solutions carry
  the handout's wording in ``metadata.fdl.handout``.

Exercise cells carry the tags ``task``, ``exercise``, ``check`` and ``solution`` (and the exercise's
number in ``metadata.fdl.exercise``); a question carries ``question`` and its answer, in a ``<details>``
block that stays closed until the learner opens it, ``answer``.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from papermill.parameterize import parameterize_notebook
from traitlets.config import Config

from ..plumbing import settings
from ..plumbing.atomic import atomic_write
from ..plumbing.errors import CourseError
from ..plumbing.settings import REPO_ROOT

CHECK_TAG = "nbval-check-output"
NOTEBOOK_DIR = REPO_ROOT / "notebooks"
EXECUTED_DIR = NOTEBOOK_DIR / "executed"
HANDOUT_DIR = NOTEBOOK_DIR / "handout"
#: The outputs nbval compares the tagged cells with: {notebook file name: {cell id: outputs}}.
EXPECTED_OUTPUTS = REPO_ROOT / "tests" / "expected_outputs.json"
#: Cells a handout leaves out: the exercises' solutions (heading and code) and the questions' answers.
HANDOUT_DROPS = {"solution", "answer"}
#: Run-time metadata a run leaves on a cell; noise in git.
RUN_METADATA = ("execution", "collapsed", "scrolled", "papermill")


def lesson_notebooks() -> list[Path]:
    """The course's lesson notebooks, in order (``01_mnist.ipynb`` ... ``06_capstone_real_hands.ipynb``)."""
    return sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def is_checked(cell) -> bool:
    return CHECK_TAG in tags(cell)


def clean(nb) -> bool:
    """Strip execution counts, outputs and run-time metadata in place; return True if anything changed."""
    changed = False
    for cell in nb.cells:
        for key in RUN_METADATA:
            if key in cell.get("metadata", {}):
                del cell.metadata[key]
                changed = True
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            cell.execution_count = None
            changed = True
        if cell.outputs:
            cell.outputs = []
            changed = True
    for key in ("widgets", "papermill"):  # progress-bar state and papermill's record of a run
        if key in nb.metadata:
            del nb.metadata[key]
            changed = True
    return changed


def expected_outputs() -> dict:
    """The recorded outputs of every notebook's tagged cells (empty before the first ``record``)."""
    return json.loads(EXPECTED_OUTPUTS.read_text()) if EXPECTED_OUTPUTS.is_file() else {}


def record(path: Path, ran) -> int:
    """Keep the outputs of ``ran``'s tagged cells (``ran``: the executed notebook ``path``); return how many."""
    outputs = {cell["id"]: [_plain_output(o) for o in cell.outputs] for cell in ran.cells if is_checked(cell)}
    everything = expected_outputs()
    everything[Path(path).name] = outputs
    with atomic_write(EXPECTED_OUTPUTS) as f:
        f.write((json.dumps(everything, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode())
    return len(outputs)


def _plain_output(output) -> dict:
    out = {k: v for k, v in dict(output).items() if k != "execution_count"}
    if out.get("output_type") == "execute_result":
        out["execution_count"] = None
    return out


def handout_copy(nb):
    """``nb`` as a handout: no solutions or answers, a ``carry_on`` cell where each solution was, handout
    wording where a cell has one, and nothing run."""
    cells = []
    for cell in nb.cells:
        number = cell.get("metadata", {}).get("fdl", {}).get("exercise")
        if "solution" in tags(cell) and cell.cell_type == "code":
            carry = nbformat.v4.new_code_cell(
                f'check.carry_on("{number}", globals())  # until your answer passes, the '
                f"lesson goes on with the course's version"
            )
            carry.metadata = {"tags": ["carry-on"], "fdl": {"exercise": number}}
            carry.id = f"carry-on-{number.replace('.', '-')}"  # the same handout every time
            cells.append(carry)
            continue
        if HANDOUT_DROPS & set(tags(cell)):
            continue
        wording = cell.get("metadata", {}).get("fdl", {}).get("handout")
        if wording:
            cell = copy.deepcopy(cell)
            cell.source = wording
            del cell.metadata["fdl"]["handout"]
        cells.append(cell)
    out = copy.deepcopy(nb)
    out.cells = cells
    clean(out)
    return out


class NotebookError(CourseError, RuntimeError):
    """A notebook file that cannot be read; the message is one line naming it."""


def read_notebook(path: Path):
    """The notebook at ``path``, or ``NotebookError`` saying in one line why it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise NotebookError(f"{path}: no such notebook")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # not JSON, not a notebook, unreadable
        raise NotebookError(
            f"{path}: not a readable notebook ({type(err).__name__}: "
            f"{str(err).strip().splitlines()[0][:150] if str(err).strip() else ''})"
        ) from None


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def failure_line(err: BaseException) -> str:
    """One line saying why a notebook run failed: the cell's own exception and message, without colour codes."""
    ename, evalue = getattr(err, "ename", None), getattr(err, "evalue", None)
    if ename:
        text = f"{ename}: {evalue}"
    else:
        text = f"{type(err).__name__}: {err}"
    text = ANSI.sub("", text).strip()
    return " ".join(text.split())[:1500]


def handout(paths, folder: Path = HANDOUT_DIR) -> list[Path]:
    """Write the handouts of the notebooks to ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nbformat.write(handout_copy(read_notebook(path)), folder / Path(path).name)
        written.append(folder / Path(path).name)
    return written


def run_parameters(nb) -> dict:
    """The values the runner passes to a notebook's cell tagged ``parameters`` (papermill's convention).

    ``BACKBONE`` comes from ``FDL_BACKBONE`` when that is set and the notebook has such a parameter
    (lessons 05 and 06); otherwise the notebook's own values stand.
    """
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in tags(c)]
    if cells and settings.backbone_is_set() and re.search(r"^BACKBONE\s*=", cells[0].source, re.MULTILINE):
        return {"BACKBONE": settings.backbone()}
    return {}


def with_parameters(nb, parameters: dict | None = None):
    """``nb`` with papermill's ``injected-parameters`` cell after its ``parameters`` cell (``run_parameters``
    by default); the notebook itself when there is nothing to inject."""
    parameters = run_parameters(nb) if parameters is None else parameters
    if not parameters:
        return nb
    for cell in nb.cells:  # papermill expects every cell to carry a list of tags, as its own reader leaves them
        cell.setdefault("metadata", {}).setdefault("tags", [])
    nb.metadata.setdefault("papermill", {"default_parameters": {}, "parameters": {}, "environment_variables": {}})
    return parameterize_notebook(nb, parameters)


def problems(nb) -> list[str]:
    """Why a notebook is not clean (empty list when it is)."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            found.append(f"cell {i} has an execution count")
        if cell.outputs:
            found.append(f"cell {i} has stored outputs (record them with `record`, in tests/expected_outputs.json)")
    return found


def execute(path: Path, timeout: int = 3600):
    """Run a notebook in a fresh kernel, with the notebook's folder as working directory.

    The kernel talks to us over local (IPC) sockets rather than TCP, which needs no network and no
    encryption warning.
    """
    nb = with_parameters(read_notebook(path))
    runtime = Path(tempfile.mkdtemp(prefix="fdl-kernel-"))
    config = Config({"KernelManager": {"transport": "ipc", "ip": str(runtime / "kernel")}})
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", config=config, resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        client.execute()
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    not_run = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and c.source.strip() and c.get("execution_count") is None
    ]
    if not_run:
        raise RuntimeError(f"{path.name}: code cells {not_run} did not run")
    return nb


def execute_and_keep(path: Path, folder: Path | None = None) -> bool:
    """Run a notebook and keep the executed copy as ``folder/<name>`` (default ``notebooks/executed/``); on
    failure print one line and return False (and remove an older run's copy, which must not look like this
    run's result)."""
    folder = EXECUTED_DIR if folder is None else folder
    start = time.perf_counter()
    print(f"running {path} ...", flush=True)
    try:
        nb = execute(path)
    except Exception as err:  # report; the caller goes on with the next notebook
        (folder / path.name).unlink(missing_ok=True)
        print(f"FAILED {path}: {failure_line(err)}", flush=True)
        return False
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / path.name)
    print(f"ran {path} in {time.perf_counter() - start:.0f} s -> {folder / path.name}", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils.tools.notebooks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=["execute", "record", "clean", "check", "handout"])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    failed = 0
    if args.action == "handout":
        for path in handout(args.notebooks):
            print(f"wrote {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
        return 0
    for path in args.notebooks:
        if args.action in ("check", "clean"):
            try:
                nb = read_notebook(path)
            except NotebookError as err:
                print(err, file=sys.stderr)
                failed += 1
                continue
        if args.action == "check":
            for p in problems(nb):
                print(f"{path}: {p}")
                failed += 1
            continue
        if args.action == "clean":
            if clean(nb):
                nbformat.write(nb, path)
                print(f"cleaned {path}")
            continue
        if args.action == "execute":
            failed += not execute_and_keep(path)
            continue
        print(f"running {path} ...", flush=True)
        try:
            ran = execute(path)
        except Exception as err:  # report and go on with the next notebook
            print(f"FAILED {path}: {failure_line(err)}", flush=True)
            failed += 1
            continue
        print(
            f"recorded the outputs of {record(path, ran)} tagged cells of {path} in "
            f"{EXPECTED_OUTPUTS.relative_to(REPO_ROOT)}",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
