"""Measure what every lesson costs as a learner runs it, and the original course's loop against ours (`make benchmark`).

``python -m utils.tools.benchmark`` (or ``make benchmark``) executes each training lesson's notebook at full
settings, one child process per notebook as ``make all`` does (the executed copies land in
``notebooks/executed/``). Each notebook saves its training history (``utils.training``: accuracies,
seconds and samples per epoch, learning rates, CUDA memory, the backbone); the benchmark reads it and
adds what only the runner can see: the notebook's wall time and the peak memory (RSS) of its kernel
process. So the numbers are exactly those of the lessons, with no second copy of any recipe.

A last child process runs ``utils.original_loop``: the original course's whole training loop against ours
for MNIST's dense net and the ASL CNN (and the data path alone), and the cost of one training step with
the default and the fused ``Adam``.

Results go to ``results/<device>.json`` (replacing that device's earlier file, leaving the others) and
``results/README.md``, a table of every device's file. Each lesson's claim (``utils.claims``) is checked
against the histories of the run, recorded with the results, and a claim that does not hold makes the
command fail. The time line at the top of each lesson (``lesson_time_line``) is rewritten from the
results, so a lesson's time is never typed by hand. ``--quick`` runs the notebooks in smoke mode
(``FDL_SMOKE=1``: one epoch of a few batches) and writes under ``results/quick/`` (git-ignored): a check
that the benchmark works, not a measurement.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import torch
import torchvision

from .. import claims
from ..plumbing import settings
from ..plumbing.atomic import atomic_write
from ..plumbing.device import cpu_model, describe_device, device_name, get_device
from ..training import History, history_path
from . import original_loop
from .notebooks import EXECUTED_DIR, NOTEBOOK_DIR, execute_and_keep

RESULTS_DIR = settings.REPO_ROOT / "results"
COMPARE_QUICK_BATCHES = 20  # batches timed per loop in quick mode

#: Lesson notebook -> (what it trains, the name it saves its history under).
TRAINING_RUNS = {
    "01_mnist": ("dense 784-512-512-10 on MNIST", "01_mnist"),
    "02_asl": ("dense net on Sign Language MNIST", "02_asl_dense"),
    "03_asl_cnn": ("CNN on Sign Language MNIST", "03_asl_cnn"),
    "04a_asl_augmentation": ("CNN from MyConvBlock with per-image augmentation", "04a_asl_augmented"),
    "05_pretrained_vgg16": ("transfer learning on Bo: frozen base, then fine-tuning", "05_doggy_door"),
    "06_capstone_real_hands": ("capstone: transfer learning on real photos of hands", "06_capstone"),
}
#: Lessons without training, timed as a learner runs them (no history to read).
TIMED_ONLY = {"04b_asl_predictions": "inference on photos of hands, and the web app"}
LESSONS = [*TRAINING_RUNS, *TIMED_ONLY]
TIME_LINE = "**Time:**"
COMPARISON = "original_loop"


def notebook_path(lesson: str) -> Path:
    return NOTEBOOK_DIR / f"{lesson}.ipynb"


def children_peak_rss_mb() -> float:
    """The peak resident memory of the largest finished child process (here: the notebook's kernel), in MB."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6  # macOS: bytes; Linux: KiB


def lesson_record(lesson: str, history: History, wall: float, kernel_rss_mb: float) -> dict:
    """A lesson's line of the results: read from the history its notebook saved."""
    return {
        "what": TRAINING_RUNS[lesson][0],
        "epochs": len(history),
        "train_acc": history.train_acc[-1],
        "valid_acc": history.valid_acc[-1],
        "best_valid_acc": max(history.valid_acc),
        "valid_acc_per_epoch": history.valid_acc,
        "seconds_per_epoch": sum(history.seconds) / len(history),
        "samples_per_second": history.samples_per_second(),
        "peak_rss_mb": kernel_rss_mb,
        "cuda_max_allocated_mb": history.peak_cuda_mb(),
        "wall_seconds": wall,
        **history.info,
    }


def run_notebook(lesson: str, executed_dir: Path) -> dict:
    """Execute one lesson's notebook (in this process's child kernel) and return its record."""
    started = time.time()
    start = time.perf_counter()
    if not execute_and_keep(notebook_path(lesson), executed_dir):
        raise RuntimeError(f"{lesson}: the notebook failed (see the line above)")
    wall = time.perf_counter() - start
    if lesson in TIMED_ONLY:
        return {"what": TIMED_ONLY[lesson], "peak_rss_mb": children_peak_rss_mb(), "wall_seconds": wall}
    saved = history_path(TRAINING_RUNS[lesson][1])
    if not saved.is_file() or saved.stat().st_mtime < started:
        raise RuntimeError(f"{lesson}: the notebook ran but did not save its history to {saved}")
    history = History.load(TRAINING_RUNS[lesson][1], quiet=True)
    if history is None or not len(history):
        raise RuntimeError(f"{lesson}: the history {saved} cannot be read")
    return lesson_record(lesson, history, wall, children_peak_rss_mb())


def run_comparison(quick: bool) -> dict:
    """The original course's loop against ours, and default against fused Adam (``utils.original_loop``)."""

    device = get_device(verbose=False)
    out = {}
    for lesson in original_loop.COMPARED:
        out[lesson] = original_loop.compare(lesson, device, COMPARE_QUICK_BATCHES if quick else None)
        steps = 20 if quick else 200
        out[lesson]["adam_step_ms"] = original_loop.optimizer_step_ms(lesson, device, fused=False, steps=steps)
        out[lesson]["fused_adam_step_ms"] = original_loop.optimizer_step_ms(lesson, device, fused=True, steps=steps)
    return out


def _child_main(task: str, quick: bool, out_file: str, executed_dir: str) -> None:
    record = run_comparison(quick) if task == COMPARISON else run_notebook(task, Path(executed_dir))
    Path(out_file).write_text(json.dumps(record))


# ---------------------------------------------------------------------------------------------------------
# The whole benchmark, its files and its table


def device_info() -> dict:
    device = get_device(verbose=False)
    return {
        "type": device.type,
        "name": device_name(device),
        "description": describe_device(device),
        "cpu": cpu_model(),
        "cpu_threads": torch.get_num_threads(),
        "cuda_graphs": device.type == "cuda" and settings.cuda_graphs_enabled(),
    }


def results_name(info: dict) -> str:
    """The file name of a device's results, e.g. ``cuda-nvidia-h100-80gb-hbm3.json``."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{info['type']} {info['name']}".lower()).strip("-")
    return f"{slug}.json"


def _child(task: str, quick: bool, env: dict, tmp: str, executed_dir: Path) -> dict:
    out_file = Path(tmp) / f"{task}.json"
    cmd = [
        sys.executable,
        "-m",
        "utils.tools.benchmark",
        "--child",
        task,
        "--child-out",
        str(out_file),
        "--executed",
        str(executed_dir),
    ] + (["--quick"] if quick else [])
    subprocess.run(cmd, env=env, check=True, cwd=settings.REPO_ROOT)
    return json.loads(out_file.read_text())


def run_benchmark(lessons: list[str], quick: bool, out_dir: Path, compare: bool = True) -> Path:
    """Run ``lessons`` (and the loop comparison) one process each; write ``out_dir/<device>.json`` and README."""
    info = device_info()
    print(f"Benchmark on {info['description']}{' (quick mode: smoke runs of the notebooks)' if quick else ''}")
    env = dict(os.environ)
    if quick:
        env["FDL_SMOKE"] = "1"
    else:
        env.pop("FDL_SMOKE", None)
    executed_dir = out_dir / "executed" if quick else EXECUTED_DIR
    results, comparison = {}, None
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for lesson in lessons:
            print(
                f"{lesson}: {TRAINING_RUNS[lesson][0] if lesson in TRAINING_RUNS else TIMED_ONLY[lesson]} ...",
                flush=True,
            )
            results[lesson] = _child(lesson, quick, env, tmp, executed_dir)
            print(f"  {_one_line(results[lesson])}", flush=True)
        if compare:
            print("the original course's loop against ours ...", flush=True)
            comparison = _child(COMPARISON, quick, env, tmp, executed_dir)
    report = {
        "device": info,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": quick,
        "total_wall_seconds": time.perf_counter() - start,
        "lessons": results,
        "original_loop": comparison,
        "claims": check_claims(env, quick),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / results_name(info)
    with atomic_write(path) as f:
        f.write((json.dumps(report, indent=1) + "\n").encode())
    with atomic_write(out_dir / "README.md") as f:
        f.write(markdown_report(out_dir).encode())
    print(f"total {report['total_wall_seconds']:.0f} s; wrote {path} and {out_dir / 'README.md'}")
    return path


def check_claims(env: dict, quick: bool) -> dict:
    """Every lesson's claim against the histories the run saved (in the models folder the notebooks used)."""
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the models folder of the run (models/smoke/ in quick mode)
    try:
        out = {}
        for lesson, claim in claims.CLAIMS.items():
            value = claim.value(claims.load_runs(claim))
            holds = None if value is None or quick else claim.holds(value)
            out[lesson] = {"says": claim.says, "bound": claim.bound(), "value": value, "holds": holds}
            state = {None: "not tested", True: "holds", False: "DOES NOT HOLD"}[holds]
            shown = "-" if value is None else f"{value:+.1f} {claim.unit}"
            print(f"claim of {lesson}: {shown} ({claim.bound()}): {state}", flush=True)
        return out
    finally:
        os.environ.clear()
        os.environ.update(old)


def _minutes(seconds: float) -> str:
    return "under a minute" if seconds < 60 else f"about {round(seconds / 60)} minute{'s' if seconds >= 90 else ''}"


def lesson_time_line(lesson: str, results_dir: Path = RESULTS_DIR) -> str:
    """The line at the top of ``lesson`` that says how long it takes at full settings, from the newest
    results of a CPU and of a GPU that ran it."""
    newest: dict[str, tuple[str, dict, dict]] = {}
    for path in results_dir.glob("*.json"):
        report = json.loads(path.read_text())
        record = report.get("lessons", {}).get(lesson)
        if report.get("quick") or record is None:
            continue
        kind = "cpu" if report["device"]["type"] == "cpu" else "gpu"
        if kind not in newest or report["date"] > newest[kind][0]:
            newest[kind] = (report["date"], report["device"], record)
    measured, missing = [], []
    if "cpu" in newest:
        _, dev, record = newest["cpu"]
        measured.append(f"{_minutes(record['wall_seconds'])} on a {dev['cpu_threads']}-core CPU ({dev['name']})")
    else:
        missing.append("a CPU")
    if "gpu" in newest:
        _, dev, record = newest["gpu"]
        measured.append(f"{_minutes(record['wall_seconds'])} on an {dev['name']} GPU")
    else:
        missing.append("a GPU")
    backbone = sorted({r[2].get("backbone") for r in newest.values()} - {None})
    line = TIME_LINE
    if measured:
        line += f" at full settings, {' and '.join(measured)}"
        line += f" (with {', '.join(backbone)})" if backbone else ""
        line += f"; not measured yet on {' or '.join(missing)}." if missing else "."
    else:
        line += " not measured yet."
    return line + " (`make benchmark` measures it.)"


def write_lesson_times(results_dir: Path = RESULTS_DIR) -> list[Path]:
    """Rewrite the time line in the first cell of every lesson (and in its handout wording) from the results."""
    changed = []
    for lesson in LESSONS:
        path = notebook_path(lesson)
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0]
        line = lesson_time_line(lesson, results_dir)
        texts = [first.source] + (
            [first.metadata["fdl"]["handout"]] if "handout" in first.metadata.get("fdl", {}) else []
        )
        new = [_with_time_line(t, line) for t in texts]
        if new != texts:
            first.source = new[0]
            if len(new) > 1:
                first.metadata["fdl"]["handout"] = new[1]
            nbformat.write(nb, path)
            changed.append(path)
    return changed


def _with_time_line(text: str, line: str) -> str:
    """``text`` (a lesson's first cell) with its time line replaced, or added after its title."""
    lines = text.split("\n")
    for i, old in enumerate(lines):
        if old.startswith(TIME_LINE):
            lines[i] = line
            return "\n".join(lines)
    return "\n".join(lines[:1] + ["", line] + lines[1:])


def _one_line(r: dict) -> str:
    if "epochs" not in r:
        return f"kernel peak RSS {r['peak_rss_mb']:,.0f} MB, notebook {r['wall_seconds']:.0f} s"
    line = (
        f"train {r['train_acc']:.2%}, valid {r['valid_acc']:.2%}, {r['seconds_per_epoch']:.1f} s/epoch, "
        f"{r['samples_per_second']:,.0f} samples/s, kernel peak RSS {r['peak_rss_mb']:,.0f} MB, "
        f"notebook {r['wall_seconds']:.0f} s"
    )
    return line + (f", backbone {r['backbone']}" if "backbone" in r else "")


def device_heading(dev: dict) -> str:
    """A results section's title: the GPU as PyTorch names it, or the CPU's model and threads."""
    return dev["description"] if dev["type"] != "cpu" else f"cpu: {dev['name']} ({dev['cpu_threads']} threads)"


def markdown_report(out_dir: Path) -> str:
    """A markdown page with, per results file in ``out_dir``, a table of lessons and one of training loops."""
    lines = [
        "# Benchmark results",
        "",
        "Generated by `make benchmark` (`python -m utils.tools.benchmark`) from the JSON files in this folder; "
        "do not edit by hand. Each lesson's row comes from its notebook, executed at full settings as "
        "`make all` runs it: accuracies are the last epoch's (never the best one's); samples/s counts "
        "training images per second of training pass; the peak RSS is the notebook kernel's; wall is the "
        "whole notebook. The loop table times one training epoch of the original course's loop as it was "
        "written (per-sample `Dataset`, `DataLoader(batch_size=32, shuffle=True)`, `.to(device)` in the "
        "loop, default `Adam`, `.item()` after every batch) and of ours as the lessons run it (batches "
        "sliced on the device, fused `Adam`, sums kept on the device, CUDA graphs on NVIDIA GPUs), same "
        'model and device; "data path only" feeds our step from the original data path instead. The '
        "last two columns are one training step (batch 32) with the default and with the fused `Adam`.",
        "",
    ]
    for path in sorted(out_dir.glob("*.json")):
        report = json.loads(path.read_text())
        if "lessons" not in report:  # another tool's results (the app's benchmark)
            continue
        dev = report["device"]
        lines += [
            f"## {device_heading(dev)}",
            "",
            f"`{path.name}`: torch {report['torch']}, torchvision {report['torchvision']}, "
            f"Python {report['python']}, CPU {dev['cpu']}, {report['date']}"
            f"{'; training steps replayed as CUDA graphs' if dev.get('cuda_graphs') else ''}"
            f"{', quick mode (not a measurement)' if report['quick'] else ''}; "
            f"total wall time {report['total_wall_seconds'] / 60:.1f} min.",
            "",
            "| lesson | epochs | train acc | valid acc | s/epoch | samples/s | peak RSS (MB) "
            "| CUDA max alloc. (MB) | wall (s) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for lesson, r in report["lessons"].items():
            name = lesson + (f" ({r['backbone']})" if "backbone" in r else "")
            if "epochs" not in r:  # a lesson without training: its time and memory only
                lines.append(f"| {name} | - | - | - | - | - | {r['peak_rss_mb']:,.0f} | - | {r['wall_seconds']:.0f} |")
                continue
            cuda = f"{r['cuda_max_allocated_mb']:,.0f}" if r.get("cuda_max_allocated_mb") is not None else "-"
            lines.append(
                f"| {name} | {r['epochs']} | {r['train_acc']:.2%} | {r['valid_acc']:.2%} | "
                f"{r['seconds_per_epoch']:.1f} | {r['samples_per_second']:,.0f} | {r['peak_rss_mb']:,.0f} | "
                f"{cuda} | {r['wall_seconds']:.0f} |"
            )
        if report.get("claims"):
            lines += ["", "| lesson | claim | bound | this run | holds |", "|---|---|---|---:|---|"]
            for lesson, c in report["claims"].items():
                value = "-" if c["value"] is None else f"{c['value']:+.1f}"
                holds = {None: "not tested", True: "yes", False: "**no**"}[c["holds"]]
                lines.append(f"| {lesson} | {c['says']} | {c['bound']} | {value} | {holds} |")
        loops = report.get("original_loop") or {}
        if "original_loop" not in report:
            lines += [
                "",
                "(Made by the earlier benchmark, which trained each lesson's recipe outside the notebooks, "
                "before the lessons used the fused Adam, and compared the data path alone.)",
            ]
        if loops:
            lines += [
                "",
                "| one training epoch | original loop (samples/s) | ours (samples/s) | ours / original, "
                "whole loop | ours / original, data path only | Adam step (ms) | fused Adam step (ms) |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for lesson, d in loops.items():
                lines.append(
                    f"| {lesson} | {d['original_loop_samples_per_second']:,.0f} | "
                    f"{d['our_loop_samples_per_second']:,.0f} | {d['loop_ratio']:.2f}x | "
                    f"{d['data_path_ratio']:.2f}x | {d['adam_step_ms']:.2f} | {d['fused_adam_step_ms']:.2f} |"
                )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "lessons", nargs="*", metavar="LESSON", help=f"lessons to run (default: all of {', '.join(TRAINING_RUNS)})"
    )
    parser.add_argument("--quick", action="store_true", help="smoke runs of the notebooks: checks, not measurements")
    parser.add_argument("--no-compare", action="store_true", help="skip the comparison with the original loop")
    parser.add_argument(
        "--lesson-times", action="store_true", help="only rewrite each lesson's time line from results/, and stop"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the results (default: results/, or results/quick/ with --quick)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    parser.add_argument("--executed", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = [name for name in args.lessons if name not in LESSONS]
    if unknown:
        parser.error(f"unknown lesson {', '.join(unknown)}; choose from {', '.join(LESSONS)}")
    if args.child:
        _child_main(args.child, args.quick, args.child_out, args.executed)
        return 0
    if args.lesson_times:
        for path in write_lesson_times():
            print(f"rewrote the time line of {path.name}")
        return 0
    out_dir = args.out or (RESULTS_DIR / "quick" if args.quick else RESULTS_DIR)
    path = run_benchmark(args.lessons or LESSONS, args.quick, out_dir, compare=not args.no_compare)
    failed = [lesson for lesson, c in json.loads(path.read_text())["claims"].items() if c["holds"] is False]
    if not args.quick:
        for written in write_lesson_times(out_dir):
            print(f"rewrote the time line of {written.name}")
    if failed:
        print(f"FAILED: the claim of {', '.join(failed)} does not hold in this run (utils/claims.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
