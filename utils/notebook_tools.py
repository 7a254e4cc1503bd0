"""Run and tidy the course notebooks (no lesson: the plumbing of `make all`, `make test` and `make handout`).

- ``python -m utils.notebook_tools execute NB...``: run each notebook top to bottom in a fresh kernel and
  save the executed copy, outputs included, to ``notebooks/executed/``. Fails if a cell raised, or if any
  code cell did not run (the guard against a notebook that silently stopped early).
- ``python -m utils.notebook_tools record NB...``: run each notebook and store in it the outputs of the
  cells tagged ``nbval-check-output`` (the deterministic facts nbval compares), nothing else.
- ``python -m utils.notebook_tools clean NB...``: drop execution counts and every output except those
  of tagged cells, so notebooks enter git without noise (the top-level ``conftest.py`` lets nbval compare the
  tagged cells' outputs all the same).
- ``python -m utils.notebook_tools check NB...``: exit non-zero if a notebook is not clean.
- ``python -m utils.notebook_tools handout NB...``: copies without the exercises' solutions and the
  questions' answers (cells tagged ``solution`` or ``answer``) in ``handout/``, for instructors who hand
  out the exercises (``make handout``).

Exercise cells carry the tags ``task``, ``exercise``, ``check`` and ``solution`` (and the exercise's
number in ``metadata.fdl.exercise``); a question carries ``question`` and its collapsed answer ``answer``.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .config import REPO_ROOT

CHECK_TAG = "nbval-check-output"
EXECUTED_DIR = REPO_ROOT / "notebooks" / "executed"
HANDOUT_DIR = REPO_ROOT / "handout"
#: Cells a handout leaves out: the exercises' solutions (heading and code) and the questions' answers.
HANDOUT_DROPS = {"solution", "answer"}


def is_checked(cell) -> bool:
    return CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def clean(nb) -> bool:
    """Strip execution counts and unchecked outputs in place; return True if anything changed."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:  # conftest.py restores it for nbval
            cell.execution_count = None
            changed = True
        for out in cell.get("outputs", []):
            if out.get("execution_count") is not None:
                out["execution_count"] = None
                changed = True
        if cell.outputs and not is_checked(cell):
            cell.outputs = []
            changed = True
        for key in ("execution", "collapsed", "scrolled"):
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
    if "widgets" in nb.metadata:  # progress-bar state saved by a run: noise in git
        del nb.metadata["widgets"]
        changed = True
    return changed


class NotebookError(RuntimeError):
    """A notebook file that cannot be read; the message is one line naming it."""


def read_notebook(path: Path):
    """The notebook at ``path``, or ``NotebookError`` saying in one line why it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise NotebookError(f"{path}: no such notebook")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # not JSON, not a notebook, unreadable
        raise NotebookError(f"{path}: not a readable notebook ({type(err).__name__}: "
                            f"{str(err).strip().splitlines()[0][:150] if str(err).strip() else ''})") from None


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
    """Write copies of the notebooks without solutions and answers to ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nb = read_notebook(path)
        nb.cells = [c for c in nb.cells if not HANDOUT_DROPS & set(c.get("metadata", {}).get("tags", []))]
        clean(nb)
        nbformat.write(nb, folder / Path(path).name)
        written.append(folder / Path(path).name)
    return written


def problems(nb) -> list[str]:
    """Why a notebook is not clean (empty list when it is)."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            found.append(f"cell {i} has an execution count")
        if cell.outputs and not is_checked(cell):
            found.append(f"cell {i} has outputs but is not tagged {CHECK_TAG}")
    return found


def execute(path: Path, timeout: int = 3600):
    """Run a notebook in a fresh kernel, with the notebook's folder as working directory.

    The kernel talks to us over local (IPC) sockets rather than TCP, which needs no network and no
    encryption warning.
    """
    from nbclient import NotebookClient
    from traitlets.config import Config

    nb = read_notebook(path)
    runtime = Path(tempfile.mkdtemp(prefix="fdl-kernel-"))
    config = Config({"KernelManager": {"transport": "ipc", "ip": str(runtime / "kernel")}})
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", config=config,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    not_run = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
               and c.get("execution_count") is None]
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
    parser = argparse.ArgumentParser(prog="python -m utils.notebook_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
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
            nb = execute(path)
        except Exception as err:  # report and go on with the next notebook
            print(f"FAILED {path}: {failure_line(err)}", flush=True)
            failed += 1
            continue
        else:
            clean(nb)
            nbformat.write(nb, path)
            print(f"recorded the checked outputs of {path}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
