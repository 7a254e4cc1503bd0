"""The benchmark: its quick mode writes a complete, sane results file and table, and it follows the notebooks."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from helpers import needs_mirror
from utils import benchmark
from utils.pretrained import BACKBONES

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
LESSON_FIELDS = {"what", "epochs", "train_acc", "valid_acc", "best_valid_acc", "valid_acc_per_epoch",
                 "seconds_per_epoch", "samples_per_second", "peak_rss_mb", "cuda_max_allocated_mb", "wall_seconds"}
DATA_PATH_FIELDS = {"batches", "original_seconds", "original_samples_per_second", "ours_seconds",
                    "ours_samples_per_second", "ratio", "original_data_seconds", "ours_data_seconds", "ratio_ceiling"}


def _fake_report(device_type: str, name: str) -> dict:
    lesson = {"what": "x", "epochs": 5, "train_acc": 0.99, "valid_acc": 0.98, "best_valid_acc": 0.985,
              "valid_acc_per_epoch": [0.98] * 5, "seconds_per_epoch": 2.0, "samples_per_second": 30000.0,
              "peak_rss_mb": 900.0, "cuda_max_allocated_mb": 120.0, "wall_seconds": 11.0,
              "data_path": {"batches": 1875, "original_seconds": 10.0, "original_samples_per_second": 6000.0,
                            "ours_seconds": 1.0, "ours_samples_per_second": 60000.0, "ratio": 10.0,
                            "original_data_seconds": 8.0, "ours_data_seconds": 0.1, "ratio_ceiling": 5.0}}
    return {"device": {"type": device_type, "name": name, "description": f"{device_type} ({name})", "cpu": "some cpu",
                       "cpu_threads": 16},
            "torch": "2.14.1", "torchvision": "0.29.1", "python": "3.11.7", "platform": "Linux",
            "date": "2026-11-24T12:00:00+00:00", "quick": False, "total_wall_seconds": 60.0,
            "lessons": {"01_mnist": lesson}}


def test_results_file_names_one_device():
    assert benchmark.results_name({"type": "cuda", "name": "NVIDIA H100 80GB HBM3"}) == "cuda-nvidia-h100-80gb-hbm3.json"
    assert benchmark.results_name({"type": "cpu", "name": "Intel(R) Xeon(R) Processor"}) == "cpu-intel-r-xeon-r-processor.json"


def test_markdown_table_lists_every_device_file(tmp_path):
    for kind, name in (("cuda", "NVIDIA H100"), ("cpu", "Some CPU")):
        report = _fake_report(kind, name)
        report["device"]["cuda_graphs"] = kind == "cuda"
        (tmp_path / benchmark.results_name(report["device"])).write_text(json.dumps(report))
    page = benchmark.markdown_report(tmp_path)
    assert "## cuda (NVIDIA H100)" in page and "## cpu (Some CPU)" in page
    assert page.count("replayed as CUDA graphs") == 1
    assert "| 01_mnist | 5 | 99.00% | 98.00% | 2.0 | 30,000 | 900 | 120 | 11 |" in page
    assert "| 01_mnist | 6,000 | 60,000 | 10.00x | 8.00 s of 10.00 s | 5.00x |" in page


def test_unknown_lesson_is_refused(capsys):
    with pytest.raises(SystemExit):
        benchmark.main(["07_nothing", "--quick"])
    assert "unknown lesson 07_nothing" in capsys.readouterr().err


def test_benchmark_uses_the_notebooks_epochs():
    """The benchmark trains as long as each notebook does, so its numbers are the notebooks' numbers."""
    for lesson, notebook in (("01_mnist", "01_mnist"), ("02_asl", "02_asl"), ("03_asl_cnn", "03_asl_cnn"),
                             ("04a_asl_augmentation", "04a_asl_augmentation")):
        nb = nbformat.read(NOTEBOOK_DIR / f"{notebook}.ipynb", as_version=4)
        source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        epochs = re.findall(r"\bepochs\s*=\s*(\d+)", source)
        assert epochs and {int(e) for e in epochs} == {benchmark.LESSONS[lesson][1]}, notebook
        assert "CosineAnnealingLR(" in source, f"{notebook} no longer schedules its learning rate like the benchmark"
    nb = nbformat.read(NOTEBOOK_DIR / "05_pretrained_vgg16.ipynb", as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert sum(int(e) for e in re.findall(r"\bepochs\s*=\s*(\d+)", source)) == benchmark.LESSONS["05_pretrained"][1]


@needs_mirror
def test_quick_benchmark_writes_a_complete_results_file(tmp_path, monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    monkeypatch.delenv("FDL_CUDA_GRAPHS", raising=False)
    monkeypatch.setenv("FDL_MODELS", str(tmp_path / "models"))
    other = _fake_report("cuda", "Another GPU")
    other_file = tmp_path / benchmark.results_name(other["device"])
    other_file.write_text(json.dumps(other))
    path = benchmark.run_benchmark(list(benchmark.LESSONS), quick=True, out_dir=tmp_path)
    first = json.loads(path.read_text())
    assert first["quick"] is True and first["device"]["type"] in ("cpu", "cuda", "mps")
    assert first["device"]["cuda_graphs"] == (first["device"]["type"] == "cuda")
    assert first["torch"].startswith("2.14.1") and first["total_wall_seconds"] > 0
    assert list(first["lessons"]) == list(benchmark.LESSONS)
    for lesson, r in first["lessons"].items():
        assert LESSON_FIELDS <= set(r), lesson
        assert r["epochs"] >= 1 and len(r["valid_acc_per_epoch"]) == r["epochs"]
        for key in ("train_acc", "valid_acc", "best_valid_acc"):
            assert 0.0 <= r[key] <= 1.0, (lesson, key)
        assert r["seconds_per_epoch"] > 0 and r["samples_per_second"] > 0 and r["wall_seconds"] > 0
        assert 50 < r["peak_rss_mb"] < 20_000, (lesson, r["peak_rss_mb"])
        assert (r["cuda_max_allocated_mb"] is None) == (first["device"]["type"] != "cuda")
    for lesson in ("01_mnist", "03_asl_cnn"):
        d = first["lessons"][lesson]["data_path"]
        assert DATA_PATH_FIELDS <= set(d) and d["batches"] == benchmark.COMPARE_QUICK_BATCHES
        assert d["ratio"] == pytest.approx(d["ours_samples_per_second"] / d["original_samples_per_second"])
        assert 0 < d["original_data_seconds"] < d["original_seconds"] and 0 < d["ours_data_seconds"] < d["ours_seconds"]
        assert d["ratio_ceiling"] == pytest.approx(d["original_seconds"] / (d["ours_seconds"] - d["ours_data_seconds"]))
    lesson05 = first["lessons"]["05_pretrained"]
    assert lesson05["backbone"] in BACKBONES and lesson05["epochs"] == 2  # quick: 1 frozen + 1 fine-tuning epoch

    # Running again replaces this device's file and leaves the other device's alone.
    second = json.loads(benchmark.run_benchmark(["01_mnist"], quick=True, out_dir=tmp_path).read_text())
    assert list(second["lessons"]) == ["01_mnist"]
    assert json.loads(other_file.read_text()) == other
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted({path.name, other_file.name})
    page = (tmp_path / "README.md").read_text()
    assert "cuda (Another GPU)" in page and first["device"]["description"] in page
