"""Training (utils.training): accuracy, the training loops and ``fit``, seeding, smoke mode, and a run's ``History``."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from utils.data import TensorData, TensorLoader
from utils.networks import dense_net
from utils.plumbing.device import seed_everything
from utils.training import History, count_correct, fit, get_batch_accuracy, history_path, train, validate

from helpers import blobs


def test_get_batch_accuracy():
    output = torch.tensor([[0.1, 2.0], [3.0, 0.2], [0.0, 1.0], [5.0, 1.0]])
    y = torch.tensor([1, 0, 0, 0])
    assert get_batch_accuracy(output, y, N=4) == 0.75
    assert get_batch_accuracy(output, y, N=8) == 0.375  # summed over the batches of a data set of 8


def test_one_logit_accuracy():
    logits = torch.tensor([[2.0], [-1.0], [0.5]])
    assert count_correct(logits, torch.tensor([1, 0, 0])) == 2


def run(seed=0, epochs=2):
    seed_everything(seed)
    model = dense_net(3)
    data = blobs()
    history = fit(
        model,
        TensorLoader(data, 32, shuffle=True, seed=seed),
        TensorLoader(blobs(seed=1), 100),
        torch.optim.Adam(model.parameters(), lr=1e-3),
        nn.CrossEntropyLoss(),
        epochs=epochs,
        verbose=False,
    )
    return model, history


def test_two_epochs_lower_the_loss(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    seed_everything(0)
    model = dense_net(3)
    data = blobs()
    loss_fn = nn.CrossEntropyLoss()
    before, _ = validate(model, TensorLoader(data, 100), loss_fn)
    _, history = run(epochs=2)
    assert len(history) == 2
    assert history.train_loss[1] < history.train_loss[0] < before
    assert history.valid_acc[-1] > 0.9


def test_same_seed_same_result(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    a, ha = run(seed=5)
    b, hb = run(seed=5)
    c, _ = run(seed=6)
    assert ha.train_loss == hb.train_loss
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not all(torch.equal(p, q) for p, q in zip(a.parameters(), c.parameters()))


def test_train_returns_mean_loss_not_sum():
    seed_everything(0)
    model = dense_net(3)
    data = blobs(64)
    loss_fn = nn.CrossEntropyLoss()
    expected = loss_fn(model(data.x), data.y).item()
    frozen = torch.optim.SGD(model.parameters(), lr=0.0)
    mean_loss, _ = train(model, TensorLoader(data, 16, smoke=False), frozen, loss_fn)
    assert abs(mean_loss - expected) < 1e-5


def test_transform_is_applied_on_the_fly():
    seen = []
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 3))
    validate(model, TensorLoader(blobs(10), 5), nn.CrossEntropyLoss(), transform=lambda x: seen.append(x.shape) or x)
    assert seen == [(5, 1, 28, 28)] * 2


def test_smoke_mode_caps_training(monkeypatch, capsys):
    monkeypatch.setenv("FDL_SMOKE", "1")
    _, history = run(epochs=5)
    assert len(history) == 1
    assert "Smoke mode" in capsys.readouterr().out


def test_history_save_and_load(tmp_path, monkeypatch):
    monkeypatch.setenv("FDL_MODELS", str(tmp_path))
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    h = History([1.0, 0.5], [0.5, 0.8], [1.1, 0.6], [0.4, 0.7], [1.0, 1.0])
    assert h.save("x") is None
    assert history_path("x") == tmp_path / "history_x.json" and history_path("x").is_file()
    assert History.load("x") == h
    assert History.load("missing") is None
    assert "valid acc 70.00%" in h.summary()


def test_scheduler_steps_once_per_epoch_and_history_counts_samples(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    seed_everything(0)
    model = dense_net(3)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=4)
    history = fit(
        model,
        TensorLoader(blobs(), 32, shuffle=True),
        TensorLoader(blobs(seed=1), 100),
        optimizer,
        nn.CrossEntropyLoss(),
        epochs=4,
        scheduler=scheduler,
        verbose=False,
    )
    expected = [1e-3 * (1 + torch.cos(torch.tensor(torch.pi * e / 4)).item()) / 2 for e in range(4)]
    torch.testing.assert_close(history.lr, expected)
    assert history.lr[0] == 1e-3 and history.lr[-1] < history.lr[0] / 5
    assert optimizer.param_groups[0]["lr"] < 1e-9  # after the last epoch the cosine reaches 0
    assert history.train_samples == [400] * 4
    assert all(0 < t <= s for t, s in zip(history.train_seconds, history.seconds))
    assert history.samples_per_second() == sum(history.train_samples) / sum(history.train_seconds)


def test_an_empty_loader_is_an_error():
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 3))
    empty = TensorData(torch.zeros(0, 1, 28, 28), torch.zeros(0, dtype=torch.long))
    with pytest.raises(ValueError, match="no batches"):
        validate(model, TensorLoader(empty, 5), nn.CrossEntropyLoss())


def test_a_corrupt_history_counts_as_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FDL_MODELS", str(tmp_path))
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    (tmp_path / "history_03_asl_cnn.json").write_text('{"train_loss": [1.0, ')
    assert History.load("03_asl_cnn") is None
    assert "cannot be read" in capsys.readouterr().out
