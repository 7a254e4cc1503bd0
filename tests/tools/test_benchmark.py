"""The benchmark (utils.tools.benchmark, ``make benchmark``): it runs the notebooks themselves, reads what they
save, times the original course's loop against ours, and writes a complete results file."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from utils.tools import benchmark, original_loop
from utils.training import History

from helpers import needs_mirror

LESSON_FIELDS = {
    "what",
    "epochs",
    "train_acc",
    "valid_acc",
    "best_valid_acc",
    "valid_acc_per_epoch",
    "seconds_per_epoch",
    "samples_per_second",
    "peak_rss_mb",
    "cuda_max_allocated_mb",
    "wall_seconds",
}
LOOP_FIELDS = {
    "batches",
    "original_loop_seconds",
    "original_loop_samples_per_second",
    "our_loop_seconds",
    "our_loop_samples_per_second",
    "original_data_path_seconds",
    "original_data_path_samples_per_second",
    "loop_ratio",
    "data_path_ratio",
    "adam_step_ms",
    "fused_adam_step_ms",
}


def _fake_report(device_type: str, name: str) -> dict:
    lesson = {
        "what": "x",
        "epochs": 5,
        "train_acc": 0.99,
        "valid_acc": 0.98,
        "best_valid_acc": 0.985,
        "valid_acc_per_epoch": [0.98] * 5,
        "seconds_per_epoch": 2.0,
        "samples_per_second": 30000.0,
        "peak_rss_mb": 900.0,
        "cuda_max_allocated_mb": 120.0,
        "wall_seconds": 11.0,
    }
    loop = {
        "batches": 1875,
        "original_loop_seconds": 10.0,
        "original_loop_samples_per_second": 6000.0,
        "our_loop_seconds": 1.0,
        "our_loop_samples_per_second": 60000.0,
        "original_data_path_seconds": 5.0,
        "original_data_path_samples_per_second": 12000.0,
        "loop_ratio": 10.0,
        "data_path_ratio": 5.0,
        "adam_step_ms": 3.5,
        "fused_adam_step_ms": 1.5,
    }
    return {
        "device": {
            "type": device_type,
            "name": name,
            "description": f"{device_type} ({name})",
            "cpu": "some cpu",
            "cpu_threads": 16,
        },
        "torch": "2.14.1",
        "torchvision": "0.29.1",
        "python": "3.11.7",
        "platform": "Linux",
        "date": "2026-11-24T12:00:00+00:00",
        "quick": False,
        "total_wall_seconds": 60.0,
        "lessons": {"01_mnist": lesson},
        "original_loop": {"01_mnist": loop},
    }


def test_results_file_names_one_device():
    gpu, cpu = {"type": "cuda", "name": "NVIDIA H100 80GB HBM3"}, {"type": "cpu", "name": "Intel(R) Xeon(R) Processor"}
    assert benchmark.results_name(gpu) == "cuda-nvidia-h100-80gb-hbm3.json"
    assert benchmark.results_name(cpu) == "cpu-intel-r-xeon-r-processor.json"


def test_markdown_table_lists_every_device_file(tmp_path):
    for kind, name in (("cuda", "NVIDIA H100"), ("cpu", "Some CPU")):
        report = _fake_report(kind, name)
        report["device"]["cuda_graphs"] = kind == "cuda"
        (tmp_path / benchmark.results_name(report["device"])).write_text(json.dumps(report))
    page = benchmark.markdown_report(tmp_path)
    assert "## cuda (NVIDIA H100)" in page and "## cpu: Some CPU (16 threads)" in page
    assert page.count("replayed as CUDA graphs") == 1
    assert "| 01_mnist | 5 | 99.00% | 98.00% | 2.0 | 30,000 | 900 | 120 | 11 |" in page
    assert "| 01_mnist | 6,000 | 60,000 | 10.00x | 5.00x | 3.50 | 1.50 |" in page


def test_unknown_lesson_is_refused(capsys):
    with pytest.raises(SystemExit):
        benchmark.main(["07_nothing", "--quick"])
    assert "unknown lesson 07_nothing" in capsys.readouterr().err


def test_every_lesson_notebook_saves_the_history_the_benchmark_reads():
    """The benchmark keeps no copy of any recipe: it reads what each notebook saves, so each must save it."""
    for lesson, (_, name) in benchmark.TRAINING_RUNS.items():
        nb = nbformat.read(benchmark.notebook_path(lesson), as_version=4)
        source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert re.search(rf"\.save\(\s*[\"']{re.escape(name)}[\"']\s*\)", source), f"{lesson} does not save {name}"


def test_a_lesson_record_comes_from_the_saved_history():
    history = History()
    for epoch in range(3):
        history.add_epoch(
            1.0 - epoch / 10, 0.5 + epoch / 10, 1.1, 0.4 + epoch / 10, seconds=2.0, train_seconds=1.5, train_samples=300
        )
    history.info["backbone"] = "mobilenet_v2"
    r = benchmark.lesson_record("05_pretrained_vgg16", history, wall=42.0, kernel_rss_mb=800.0)
    assert LESSON_FIELDS <= set(r) and r["backbone"] == "mobilenet_v2"
    assert r["epochs"] == 3 and r["valid_acc"] == pytest.approx(0.6) and r["best_valid_acc"] == pytest.approx(0.6)
    assert r["samples_per_second"] == pytest.approx(200.0) and r["seconds_per_epoch"] == 2.0
    assert r["cuda_max_allocated_mb"] is None and r["peak_rss_mb"] == 800.0 and r["wall_seconds"] == 42.0


@pytest.mark.slow
@needs_mirror
def test_quick_benchmark_runs_the_notebook_and_writes_a_complete_results_file(tmp_path, monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    monkeypatch.delenv("FDL_CUDA_GRAPHS", raising=False)
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    other = _fake_report("cuda", "Another GPU")
    other_file = tmp_path / benchmark.results_name(other["device"])
    other_file.write_text(json.dumps(other))
    path = benchmark.run_benchmark(["01_mnist"], quick=True, out_dir=tmp_path)
    first = json.loads(path.read_text())
    assert first["quick"] is True and first["device"]["type"] in ("cpu", "cuda", "mps")
    assert first["device"]["cuda_graphs"] == (first["device"]["type"] == "cuda")
    assert first["torch"].startswith("2.14.1") and first["total_wall_seconds"] > 0
    r = first["lessons"]["01_mnist"]
    assert LESSON_FIELDS <= set(r)
    assert r["epochs"] == 2 and len(r["valid_acc_per_epoch"]) == 2  # smoke: lesson 01's own epoch, then fit's one
    assert all(0.0 <= r[key] <= 1.0 for key in ("train_acc", "valid_acc", "best_valid_acc"))
    assert r["seconds_per_epoch"] > 0 and r["samples_per_second"] > 0 and r["wall_seconds"] > 3  # a kernel started
    assert 150 < r["peak_rss_mb"] < 20_000, r["peak_rss_mb"]  # the kernel's, with torch loaded: not the runner's
    assert (r["cuda_max_allocated_mb"] is None) == (first["device"]["type"] != "cuda")
    assert (tmp_path / "executed" / "01_mnist.ipynb").is_file()  # quick runs never touch notebooks/executed/
    assert (tmp_path / "models" / "smoke" / "history_01_mnist.json").is_file()
    assert set(first["original_loop"]) == set(original_loop.COMPARED)
    for lesson, d in first["original_loop"].items():
        assert LOOP_FIELDS <= set(d) and d["batches"] == benchmark.COMPARE_QUICK_BATCHES, lesson
        ratio = d["our_loop_samples_per_second"] / d["original_loop_samples_per_second"]
        assert d["loop_ratio"] == pytest.approx(ratio)
        assert d["adam_step_ms"] > 0 and d["fused_adam_step_ms"] > 0
    page = (tmp_path / "README.md").read_text()
    assert "## cuda (Another GPU)" in page and f"## {benchmark.device_heading(first['device'])}" in page
    assert json.loads(other_file.read_text()) == other  # another device's file is left alone


def test_a_notebook_that_saves_no_history_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    monkeypatch.setattr(benchmark, "execute_and_keep", lambda path, folder: True)
    with pytest.raises(RuntimeError, match="did not save its history"):
        benchmark.run_notebook("02_asl", tmp_path)
