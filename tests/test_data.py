"""The course's data as tensors (utils.data): label mapping, CSV reading, the on-device batch loader and its
smoke mode, and folders of photos."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from utils.data import (
    ASL_LETTERS,
    TensorData,
    TensorLoader,
    asl_label_to_index,
    load_image_folder,
    read_asl_csv,
    square_photo,
    write_asl_csv,
)
from utils.plumbing import settings
from utils.plumbing.downloads import DataError


def test_asl_letters():
    assert ASL_LETTERS == "abcdefghiklmnopqrstuvwxy"
    assert "j" not in ASL_LETTERS and "z" not in ASL_LETTERS


def test_label_mapping_skips_j():
    kaggle = np.array([0, 8, 10, 11, 24])
    mapped = asl_label_to_index(kaggle)
    assert mapped.tolist() == [0, 8, 9, 10, 23]
    assert [ASL_LETTERS[i] for i in mapped] == ["a", "i", "k", "l", "y"]
    assert asl_label_to_index(torch.tensor([10, 3])).tolist() == [9, 3]


@pytest.mark.parametrize("bad", [9, 25, -1])
def test_label_mapping_rejects_impossible_labels(bad):
    with pytest.raises(ValueError):
        asl_label_to_index(np.array([0, bad]))


def test_read_asl_csv(tmp_path):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(3, 784))
    labels = [0, 10, 24]
    path = write_asl_csv(tmp_path / "mini.csv", labels, pixels)
    assert path.read_text().splitlines()[0] == "label," + ",".join(f"pixel{i}" for i in range(1, 785))
    data = read_asl_csv(path)
    assert data.x.shape == (3, 1, 28, 28) and data.x.dtype == torch.float32
    assert data.y.tolist() == [0, 9, 23]
    assert torch.allclose(data.x[1, 0, 0, :3], torch.tensor(pixels[1, :3] / 255, dtype=torch.float32))
    assert 0 <= data.x.min() and data.x.max() <= 1


def test_loader_batches_cover_everything_once():
    data = TensorData(torch.arange(100).float().view(100, 1, 1, 1), torch.arange(100))
    loader = TensorLoader(data, batch_size=32, shuffle=True, seed=1, smoke=False)
    batches = list(loader)
    assert len(loader) == len(batches) == 4
    assert [len(y) for _, y in batches] == [32, 32, 32, 4]
    seen = torch.cat([y for _, y in batches])
    assert sorted(seen.tolist()) == list(range(100)) and seen.tolist() != list(range(100))
    for x, y in batches:  # images stay paired with their labels
        assert torch.equal(x.view(-1).long(), y)


def test_loader_shuffle_is_seeded_and_changes_each_epoch():
    data = TensorData(torch.zeros(50, 1, 1, 1), torch.arange(50))
    order = lambda loader: torch.cat([y for _, y in loader]).tolist()
    a = TensorLoader(data, 8, shuffle=True, seed=3, smoke=False)
    b = TensorLoader(data, 8, shuffle=True, seed=3, smoke=False)
    first = order(a)
    assert first == order(b)
    assert order(a) != first  # a new order every epoch


def test_loader_without_shuffle_keeps_order():
    data = TensorData(torch.zeros(10, 1, 1, 1), torch.arange(10))
    assert torch.cat([y for _, y in TensorLoader(data, 3, smoke=False)]).tolist() == list(range(10))


def test_in_smoke_mode_a_loader_hands_out_its_first_batches_only(monkeypatch):
    data = TensorData(torch.arange(100).float().view(100, 1, 1, 1), torch.arange(100))
    n = settings.SMOKE_BATCHES
    monkeypatch.setenv("FDL_SMOKE", "1")
    smoke = TensorLoader(data, 4)
    batches = list(smoke)
    assert len(smoke) == len(batches) == n < 25
    assert torch.cat([y for _, y in batches]).tolist() == list(range(4 * n))
    assert len(list(TensorLoader(data, 4, shuffle=True))) == n
    assert len(TensorLoader(data, 4, smoke=False)) == len(list(TensorLoader(data, 4, smoke=False))) == 25
    assert len(TensorLoader(data, 50)) == 2  # fewer batches than the limit: all of them
    monkeypatch.setenv("FDL_SMOKE", "0")
    assert len(TensorLoader(data, 4)) == 25
    assert len(TensorLoader(data, 4, smoke=True)) == len(list(TensorLoader(data, 4, smoke=True))) == n


def test_a_folder_of_photos_by_class(tmp_path, capsys):
    for name, colour in (("cat", (200, 50, 50)), ("dog", (50, 50, 200))):
        (tmp_path / name).mkdir()
        for i in range(2):
            Image.new("RGB", (60 + 10 * i, 40), colour).save(tmp_path / name / f"{i}.png")
    (tmp_path / "dog" / "notes.txt").write_text("not a photo, and not named like one")
    (tmp_path / "dog" / "broken.jpg").write_bytes(b"not a jpeg")
    data = load_image_folder(tmp_path, size=32)
    assert data.classes == ["cat", "dog"] and data.y.tolist() == [0, 0, 1, 1] and len(data) == 4
    assert data.x.shape == (4, 3, 32, 32) and data.x.dtype == torch.uint8
    assert [p.name for p in data.paths] == ["0.png", "1.png", "0.png", "1.png"]
    out = capsys.readouterr().out
    assert "skipped" in out and "broken.jpg" in out  # a damaged photo is skipped with a message
    assert square_photo(tmp_path / "cat" / "1.png", size=16).shape == (3, 16, 16)


@pytest.mark.parametrize("layout", ["missing", "one class", "no photos"])
def test_a_badly_laid_out_folder_is_one_line(tmp_path, layout):
    folder = tmp_path / "photos"
    if layout != "missing":
        (folder / "cat").mkdir(parents=True)
    if layout == "no photos":
        (folder / "dog").mkdir()
        (folder / "dog" / "notes.txt").write_text("no photo here")
    with pytest.raises(DataError) as err:
        load_image_folder(folder)
    assert str(folder) in str(err.value) and "\n" not in str(err.value)
