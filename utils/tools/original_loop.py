"""The original course's training loop, as it was written, timed against this repository's (``make benchmark``).

What a learner gains from this repository's loop, in two numbers per lesson (MNIST's dense net and the
ASL CNN), same model and device:

- **whole loop**: one epoch of the original course's loop exactly as written (a ``Dataset`` handing out one
  sample per index, ``DataLoader(batch_size=32, shuffle=True)``, ``.to(device)`` inside the loop, the
  default ``Adam``, an eager step, and the loss and ``get_batch_accuracy`` read with ``.item()`` after
  every batch) against one epoch of ``utils.training.train`` as the lessons run it (batches sliced from
  tensors already on the device, fused ``Adam``, sums kept on the device, CUDA graphs on NVIDIA GPUs);
- **data path only**: the same ``train`` step fed by the original data path and by ours.

``optimizer_step_ms`` times one training step with the default and with the fused ``Adam``, the reason
the lessons ask for ``fused=True``.
"""

from __future__ import annotations

import itertools
import time

import torch
import torchvision
from torch import nn
from torchvision.transforms import v2

from ..data import ASL_LETTERS, TensorData, TensorLoader, load_asl, load_mnist
from ..networks import asl_cnn, dense_net
from ..plumbing.device import seed_everything, synchronize
from ..plumbing.downloads import download
from ..training import train

#: The two lessons compared: (data set, the network as the lesson builds it).
COMPARED = {
    "01_mnist": ("mnist", lambda: dense_net(n_classes=10)),
    "03_asl_cnn": ("asl", lambda: asl_cnn(n_classes=len(ASL_LETTERS))),
}
BATCH_SIZE = 32


class OneSampleDataset(torch.utils.data.Dataset):
    """The course's ``MyDataset``: hands the ``DataLoader`` one (image, label) pair per index."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor):
        self.x, self.y = x, y

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


class ToDeviceEachBatch:
    """A ``DataLoader`` whose batches are moved to the device inside the loop, as the course's loops do."""

    def __init__(self, loader: torch.utils.data.DataLoader, device):
        self.loader, self.device = loader, device

    def __len__(self) -> int:
        return len(self.loader)

    def __iter__(self):
        for x, y in self.loader:
            yield x.to(self.device), y.to(self.device)


def original_dataloader(lesson: str, train_data: TensorData) -> torch.utils.data.DataLoader:
    """The original course's training ``DataLoader`` for ``01_mnist`` or ``03_asl_cnn``.

    MNIST: torchvision's ``MNIST`` data set turning each PIL image into a tensor on access (the course's
    ``ToTensor``). ASL: the course's ``MyDataset`` over the CSV's tensors (``train_data``, on the CPU).
    """
    if lesson == "01_mnist":
        to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
        dataset = torchvision.datasets.MNIST(download("mnist"), train=True, transform=to_tensor)
    else:
        cpu = train_data.to("cpu")
        dataset = OneSampleDataset(cpu.x, cpu.y)
    return torch.utils.data.DataLoader(
        dataset, batch_size=BATCH_SIZE, shuffle=True, generator=torch.Generator().manual_seed(42)
    )


def original_batch_accuracy(output: torch.Tensor, y: torch.Tensor, N: int) -> float:
    """The original course's ``get_batch_accuracy``: it reads its count back with ``.item()``."""
    pred = output.argmax(dim=1, keepdim=True)
    return pred.eq(y.view_as(pred)).sum().item() / N


def original_train(
    model: nn.Module, loader, optimizer, loss_function, device, N: int, max_batches: int | None = None
) -> tuple[float, float]:
    """The original course's ``train`` function as written, but for ``max_batches``: returns (loss, accuracy)."""
    loss = 0.0
    accuracy = 0.0
    model.train()
    for x, y in itertools.islice(loader, max_batches):
        x, y = x.to(device), y.to(device)
        output = model(x)
        optimizer.zero_grad()
        batch_loss = loss_function(output, y)
        batch_loss.backward()
        optimizer.step()
        loss += batch_loss.item()
        accuracy += original_batch_accuracy(output, y, N)
    return loss, accuracy


def _model(lesson: str, device) -> nn.Module:
    seed_everything(42)
    return COMPARED[lesson][1]().to(device)


def _timed(device, fn) -> float:
    """Seconds that ``fn()`` takes, the GPU's queued work included."""
    synchronize(device)
    start = time.perf_counter()
    fn()
    synchronize(device)
    return time.perf_counter() - start


def compare(lesson: str, device, max_batches: int | None = None) -> dict:
    """Samples per second of one training epoch: the original loop, ours, and ours fed by the original data path.

    ``max_batches`` limits each epoch (a quick check); by default every batch of the training set runs.
    """
    train_data, _ = load_mnist(device) if COMPARED[lesson][0] == "mnist" else load_asl(device)
    n_batches = min(max_batches or 10**9, -(-len(train_data) // BATCH_SIZE))
    samples = min(len(train_data), n_batches * BATCH_SIZE)
    loss_fn = nn.CrossEntropyLoss()
    result = {"batches": n_batches}

    def run(name: str, make_optimizer, make_loader, original: bool) -> None:
        model = _model(lesson, device)
        optimizer = make_optimizer(model)
        loader = make_loader()

        def epoch(batches: int):
            if original:
                return original_train(model, loader, optimizer, loss_fn, device, len(train_data), batches)
            return train(model, loader, optimizer, loss_fn, max_batches=batches, desc=name)

        _timed(device, lambda: epoch(3))  # warm-up: first calls, allocations, a captured graph
        seconds = _timed(device, lambda: epoch(n_batches))
        result[f"{name}_seconds"] = seconds
        result[f"{name}_samples_per_second"] = samples / seconds

    def default_adam(model):
        return torch.optim.Adam(model.parameters(), lr=1e-3)

    def fused_adam(model):
        return torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)

    def original_path():
        return ToDeviceEachBatch(original_dataloader(lesson, train_data), device)

    def our_path():
        return TensorLoader(
            train_data, batch_size=BATCH_SIZE, shuffle=True, seed=42, smoke=False
        )  # max_batches limits it

    run("original_loop", default_adam, original_path, original=True)
    run("our_loop", fused_adam, our_path, original=False)
    run("original_data_path", fused_adam, original_path, original=False)
    result["loop_ratio"] = result["our_loop_samples_per_second"] / result["original_loop_samples_per_second"]
    result["data_path_ratio"] = result["our_loop_samples_per_second"] / result["original_data_path_samples_per_second"]
    return result


def optimizer_step_ms(lesson: str, device, fused: bool, steps: int = 200, warmup: int = 20) -> float:
    """Milliseconds per training step (forward, backward, Adam) on a fixed batch of 32, default or fused Adam."""
    model = _model(lesson, device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=fused)
    generator = torch.Generator().manual_seed(0)
    x = torch.rand(BATCH_SIZE, 1, 28, 28, generator=generator).to(device)
    y = torch.randint(0, 10, (BATCH_SIZE,), generator=generator).to(device)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        loss = loss_fn(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    seconds = _timed(device, lambda: [step() for _ in range(steps)])
    return seconds / steps * 1000
