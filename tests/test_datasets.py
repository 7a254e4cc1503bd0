"""Label mapping, CSV reading and the on-device batch loader."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from utils.datasets import ASL_LETTERS, TensorData, TensorLoader, asl_label_to_index, read_asl_csv


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
    header = "label," + ",".join(f"pixel{i}" for i in range(1, 785))
    rows = [",".join(map(str, [lab, *px])) for lab, px in zip(labels, pixels)]
    path = tmp_path / "mini.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    data = read_asl_csv(path)
    assert data.x.shape == (3, 1, 28, 28) and data.x.dtype == torch.float32
    assert data.y.tolist() == [0, 9, 23]
    assert torch.allclose(data.x[1, 0, 0, :3], torch.tensor(pixels[1, :3] / 255, dtype=torch.float32))
    assert 0 <= data.x.min() and data.x.max() <= 1


def test_loader_batches_cover_everything_once():
    data = TensorData(torch.arange(100).float().view(100, 1, 1, 1), torch.arange(100))
    loader = TensorLoader(data, batch_size=32, shuffle=True, seed=1)
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
    a, b = TensorLoader(data, 8, shuffle=True, seed=3), TensorLoader(data, 8, shuffle=True, seed=3)
    first = order(a)
    assert first == order(b)
    assert order(a) != first  # a new order every epoch


def test_loader_without_shuffle_keeps_order():
    data = TensorData(torch.zeros(10, 1, 1, 1), torch.arange(10))
    assert torch.cat([y for _, y in TensorLoader(data, 3)]).tolist() == list(range(10))
