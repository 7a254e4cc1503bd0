"""The lessons' claims as data (utils.claims), and each lesson's time line (from results/, never typed)."""

from __future__ import annotations

import json

import nbformat
import pytest

from utils import claims
from utils.tools import benchmark
from utils.training import History


def run(train: list[float], valid: list[float], **info) -> History:
    h = History(info=dict(info))
    for t, v in zip(train, valid):
        h.add_epoch(1.0, t, 1.0, v, 1.0)
    return h


def test_a_claim_holds_fails_or_is_not_measured(monkeypatch):
    monkeypatch.setenv("FDL_SMOKE", "0")
    cnn, dense = run([0.9, 1.0], [0.9, 0.98]), run([0.9, 1.0], [0.7, 0.78])
    assert "+20.0 points, so it holds" in claims.verdict("03_asl_cnn", {"03_asl_cnn": cnn, "02_asl_dense": dense})
    close = run([1.0], [0.90])  # a gap of 10 points against the CNN's 2: 8 points smaller, not 10
    said = claims.verdict("03_asl_cnn", {"03_asl_cnn": cnn, "02_asl_dense": close})
    assert "does NOT hold" in said and "at least 10 points" in said
    assert "Not measured" in claims.verdict("03_asl_cnn", {"03_asl_cnn": cnn, "02_asl_dense": None})
    # an older history without the number the claim reads is "not measured", never an error
    assert "Not measured" in claims.verdict(
        "04a_asl_augmentation", {"04a_asl_augmented": run([1.0], [0.99]), "03_asl_cnn": run([1.0], [0.98])}
    )


def test_an_at_most_claim_and_a_smoke_run(monkeypatch):
    door = run([1.0], [0.96], valid_acc_after_transfer=0.9667, valid_acc_after_fine_tuning=0.9667)
    monkeypatch.setenv("FDL_SMOKE", "0")
    assert "+0.0 points, so it holds" in claims.verdict("05_pretrained_vgg16", {"05_doggy_door": door})
    monkeypatch.setenv("FDL_SMOKE", "1")
    assert "too short to test it" in claims.verdict("05_pretrained_vgg16", {"05_doggy_door": door})


@pytest.mark.parametrize("lesson", sorted(claims.CLAIMS))
def test_each_lesson_prints_its_own_claim(lesson):
    """The sentence comes from utils.claims, in the lesson that makes the claim: text and check are one."""
    nb = nbformat.read(benchmark.notebook_path(lesson), as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert f'verdict("{lesson}")' in code
    saved = {name for c in nb.cells for name in claims.CLAIMS[lesson].needs if f'save("{name}")' in c.source}
    assert saved, f"{lesson} saves none of the histories its claim reads"


def test_the_time_line_comes_from_the_newest_results(tmp_path):
    def write(name, kind, date, wall, quick=False, **more):
        dev = {"type": kind, "name": "Test CPU" if kind == "cpu" else "Test GPU", "cpu_threads": 2}
        lessons = {"03_asl_cnn": {"wall_seconds": wall, **more}}
        (tmp_path / name).write_text(json.dumps({"device": dev, "date": date, "quick": quick, "lessons": lessons}))

    assert benchmark.lesson_time_line("03_asl_cnn", tmp_path).endswith(
        "not measured yet. (`make benchmark` measures it.)"
    )
    write("old.json", "cpu", "2026-01-01", 2000)
    write("new.json", "cpu", "2026-02-01", 650)
    write("quick.json", "cpu", "2026-03-01", 5, quick=True)
    line = benchmark.lesson_time_line("03_asl_cnn", tmp_path)
    assert "about 11 minutes on a 2-core CPU (Test CPU)" in line and "not measured yet on a GPU" in line
    write("gpu.json", "cuda", "2026-02-02", 17)
    assert "and under a minute on an Test GPU GPU." in benchmark.lesson_time_line("03_asl_cnn", tmp_path)


@pytest.mark.parametrize("lesson", benchmark.LESSONS)
def test_every_lesson_opens_with_its_time_from_the_results(lesson):
    nb = nbformat.read(benchmark.notebook_path(lesson), as_version=4)
    first = nb.cells[0]
    line = benchmark.lesson_time_line(lesson)
    assert line in first.source.splitlines(), f"{lesson}: run `python -m utils.tools.benchmark --lesson-times`"
    if "handout" in first.metadata.get("fdl", {}):
        assert line in first.metadata["fdl"]["handout"].splitlines()
