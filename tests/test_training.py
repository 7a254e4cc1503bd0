"""Accuracy, the training loops, seeding, device choice and smoke mode."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from utils.device import get_device, seed_everything
from utils.training import get_batch_accuracy
from utils.datasets import TensorData, TensorLoader
from utils.models import dense_net
from utils.history import History
from utils.training import count_correct, fit, train, validate


def test_get_batch_accuracy():
    output = torch.tensor([[0.1, 2.0], [3.0, 0.2], [0.0, 1.0], [5.0, 1.0]])
    y = torch.tensor([1, 0, 0, 0])
    assert get_batch_accuracy(output, y, N=4) == 0.75
    assert get_batch_accuracy(output, y, N=8) == 0.375  # summed over the batches of a data set of 8


def test_one_logit_accuracy():
    logits = torch.tensor([[2.0], [-1.0], [0.5]])
    assert count_correct(logits, torch.tensor([1, 0, 0])) == 2


def blobs(n=400, seed=0):
    """A small learnable problem: 3 classes of 28x28 images, each class brighter in its own third."""
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 3, (n,), generator=g)
    x = torch.rand(n, 1, 28, 28, generator=g) * 0.5
    for c in range(3):
        x[y == c, :, :, c * 9:(c + 1) * 9] += 0.5
    return TensorData(x, y)


def run(seed=0, epochs=2):
    seed_everything(seed)
    model = dense_net(3)
    data = blobs()
    history = fit(model, TensorLoader(data, 32, shuffle=True, seed=seed), TensorLoader(blobs(seed=1), 100),
                  torch.optim.Adam(model.parameters(), lr=1e-3), nn.CrossEntropyLoss(), epochs=epochs, verbose=False)
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
    mean_loss, _ = train(model, TensorLoader(data, 16), frozen, loss_fn)
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
    h.save("x")
    assert History.load("x") == h
    assert History.load("missing") is None
    assert "valid acc 70.00%" in h.summary()


def test_device_choice(monkeypatch, capsys):
    monkeypatch.delenv("FDL_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else (
        "mps" if torch.backends.mps.is_available() else "cpu")
    assert get_device(verbose=False).type == expected
    monkeypatch.setenv("FDL_DEVICE", "cpu")
    assert get_device().type == "cpu"


def test_smoke_mode_uses_its_own_models_folder(monkeypatch, tmp_path):
    from utils.config import models_dir
    monkeypatch.setenv("FDL_MODELS", str(tmp_path))
    monkeypatch.setenv("FDL_SMOKE", "0")
    assert models_dir() == tmp_path
    monkeypatch.setenv("FDL_SMOKE", "1")
    assert models_dir() == tmp_path / "smoke"


def test_scheduler_steps_once_per_epoch_and_history_counts_samples(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    seed_everything(0)
    model = dense_net(3)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=4)
    history = fit(model, TensorLoader(blobs(), 32, shuffle=True), TensorLoader(blobs(seed=1), 100), optimizer,
                  nn.CrossEntropyLoss(), epochs=4, scheduler=scheduler, verbose=False)
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


def test_valid_swing_measures_epoch_to_epoch_changes():
    h = History(valid_acc=[0.5, 0.9, 0.95, 0.93, 0.96])
    mean_change, spread = h.valid_swing(from_epoch=2)
    assert mean_change == pytest.approx((5 + 2 + 3) / 3)
    assert spread == pytest.approx(6.0)
    assert History(valid_acc=[0.9]).valid_swing() is None


def test_cuda_graphs_only_for_long_training_passes_on_cuda(monkeypatch):
    from utils.cuda_graphs import CUDA_GRAPH_MIN_BATCHES, cuda_graphs_wanted
    monkeypatch.delenv("FDL_CUDA_GRAPHS", raising=False)
    adam = torch.optim.Adam(dense_net(3).parameters())
    cuda = torch.device("cuda")
    assert cuda_graphs_wanted(adam, cuda, CUDA_GRAPH_MIN_BATCHES)
    assert not cuda_graphs_wanted(adam, cuda, CUDA_GRAPH_MIN_BATCHES - 1)  # capturing would cost more than it saves
    assert not cuda_graphs_wanted(adam, torch.device("cpu"), 10_000)
    assert not cuda_graphs_wanted(adam, torch.device("mps"), 10_000)
    lbfgs = torch.optim.LBFGS(dense_net(3).parameters())  # no capturable mode
    assert not cuda_graphs_wanted(lbfgs, cuda, 10_000)
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "0")
    assert not cuda_graphs_wanted(adam, cuda, 10_000)


def _conv_bn_net(n_classes=3):
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(4),
                         nn.Flatten(), nn.Linear(8 * 7 * 7, n_classes))


def _fit_on_cuda(build, graphs: bool, monkeypatch, epochs=2):
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "1" if graphs else "0")
    seed_everything(0)
    model = build().cuda()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, capturable=True)  # the arithmetic graphs use
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    data = blobs(n=32 * 60 + 7).to("cuda")  # 60 full batches and a short one
    history = fit(model, TensorLoader(data, 32, shuffle=True, seed=0), TensorLoader(blobs(seed=1).to("cuda"), 100),
                  optimizer, nn.CrossEntropyLoss(), epochs=epochs, scheduler=scheduler, verbose=False)
    return model, history


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("build", [lambda: dense_net(3), _conv_bn_net], ids=["dense", "conv-batchnorm"])
def test_cuda_graph_training_matches_eager_training(build, monkeypatch):
    import utils.cuda_graphs as cuda_graphs
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    replays = []
    original_replay = cuda_graphs.CapturedStep.replay
    monkeypatch.setattr(cuda_graphs.CapturedStep, "replay", lambda self, x, y: replays.append(1) or original_replay(self, x, y))
    graphed, hg = _fit_on_cuda(build, True, monkeypatch)
    assert len(replays) == 2 * (60 - cuda_graphs.CUDA_GRAPH_WARMUP)  # every full batch after the warm-up
    replays.clear()
    eager, he = _fit_on_cuda(build, False, monkeypatch)
    assert not replays
    assert hg.train_samples == he.train_samples == [32 * 60 + 7] * 2  # the short batch was trained too
    assert hg.lr == he.lr  # the schedule reached the graph: it is recorded anew every epoch
    for key in ("train_loss", "train_acc", "valid_loss", "valid_acc"):
        assert getattr(hg, key) == pytest.approx(getattr(he, key), rel=1e-4, abs=1e-6), key
    for (name, a), b in zip(graphed.state_dict().items(), eager.state_dict().values()):
        assert torch.allclose(a.float(), b.float(), rtol=1e-4, atol=1e-6), name  # weights and BatchNorm statistics
    assert hg.valid_acc[-1] > 0.9


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_graph_training_keeps_memory_flat_from_epoch_to_epoch(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "1")
    seed_everything(0)
    model = _conv_bn_net().cuda()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_loader = TensorLoader(blobs(n=32 * 60).to("cuda"), 32, shuffle=True)
    valid_loader = TensorLoader(blobs(seed=1).to("cuda"), 100)
    allocated = []
    for _ in range(4):
        fit(model, train_loader, valid_loader, optimizer, nn.CrossEntropyLoss(), epochs=1, verbose=False)
        torch.cuda.synchronize()
        allocated.append(torch.cuda.memory_allocated())
    assert max(allocated[1:]) - min(allocated[1:]) < 1_000_000, allocated  # each epoch's graph is given back


class _AsksTheGpuMidForward(nn.Module):
    """A dense net whose forward pass reads a number back from the GPU: a CUDA graph cannot record that."""

    def __init__(self):
        super().__init__()
        self.net = dense_net(3)

    def forward(self, x):
        if x.isnan().any().item():
            raise ValueError("NaN in the input")
        return self.net(x)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_a_step_that_cannot_be_captured_trains_eagerly_with_one_warning(monkeypatch):
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    with pytest.warns(RuntimeWarning, match="cannot be recorded as a CUDA graph") as caught:
        fallback, hf = _fit_on_cuda(_AsksTheGpuMidForward, True, monkeypatch)
    assert sum("CUDA graph" in str(w.message) for w in caught) == 1  # not again in the second epoch
    eager, he = _fit_on_cuda(_AsksTheGpuMidForward, False, monkeypatch)
    assert hf.train_loss == pytest.approx(he.train_loss, rel=1e-4) and hf.valid_acc == he.valid_acc
    for a, b in zip(fallback.parameters(), eager.parameters()):
        assert torch.allclose(a, b, rtol=1e-4, atol=1e-6)
    assert hf.valid_acc[-1] > 0.9


def test_synchronize_waits_for_the_right_gpu(monkeypatch):
    from utils.device import synchronize
    calls = []
    monkeypatch.setattr(torch.cuda, "synchronize", lambda device=None: calls.append(("cuda", device)))
    monkeypatch.setattr(torch.mps, "synchronize", lambda: calls.append(("mps", None)))
    synchronize("cpu")
    synchronize(torch.device("cpu"))
    assert calls == []  # nothing to wait for on the CPU
    synchronize(torch.device("cuda", 0))
    synchronize("mps")
    assert calls == [("cuda", torch.device("cuda", 0)), ("mps", None)]
