"""Replaying a training step as a CUDA graph: plumbing behind ``fit`` on NVIDIA GPUs (lesson 01's loop, faster).

At the course's batch size of 32 a GPU finishes a step's ~80 small kernels faster than Python can launch
them one by one. ``graphed_steps`` returns a ``GraphedSteps`` for a long training pass on CUDA (or None
elsewhere): it runs a few eager warm-up steps on a side stream, records the step once as a CUDA graph,
and replays it for every batch of the same shape. The arithmetic is the step's own; nothing here is
needed to understand the lessons. ``FDL_CUDA_GRAPHS=0`` turns it off.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Callable

import torch
from torch import nn

from . import settings

#: A training pass of at least this many batches runs on CUDA through a captured graph.
CUDA_GRAPH_MIN_BATCHES = 50
#: Eager steps at the start of such a pass, on a side stream, before the step is captured.
CUDA_GRAPH_WARMUP = 3

#: A training step: (model, loss_fn, optimizer, x, y, loss_sum, correct) -> None, adding to the two sums.
Step = Callable[..., None]


def cuda_graphs_wanted(optimizer: torch.optim.Optimizer, device: torch.device, n_batches: int) -> bool:
    """Whether a training pass should replay a captured CUDA graph instead of launching every step.

    Yes on CUDA for a pass of at least ``CUDA_GRAPH_MIN_BATCHES`` batches whose optimizer can be captured
    (Adam, AdamW, ...: those with a ``capturable`` option), unless ``FDL_CUDA_GRAPHS=0``.
    """
    return (
        device.type == "cuda"
        and n_batches >= CUDA_GRAPH_MIN_BATCHES
        and "capturable" in optimizer.defaults
        and settings.cuda_graphs_enabled()
    )


_side_streams: dict[torch.device, torch.cuda.Stream] = {}


def _side_stream(device: torch.device) -> torch.cuda.Stream:
    """One side stream per GPU for the warm-up steps, made once: every new stream would get its own
    cuBLAS workspace (tens of MB) that is never given back."""
    if device not in _side_streams:
        _side_streams[device] = torch.cuda.Stream(device)
    return _side_streams[device]


def _make_capturable(optimizer: torch.optim.Optimizer) -> None:
    """Switch the optimizer to its capturable mode: its step counters live on the GPU, so that a graph
    can advance them. The arithmetic is the same; only where the bias correction is computed moves."""
    for group in optimizer.param_groups:
        group["capturable"] = True
        for p in group["params"]:
            state = optimizer.state.get(p)
            if state and torch.is_tensor(state.get("step")) and state["step"].device != p.device:
                state["step"] = state["step"].to(p.device)


class CapturedStep:
    """A training step recorded once as a CUDA graph, then replayed for every batch of the same shape.

    Recording runs nothing, so the batch it was recorded with is trained by the first ``replay``. The
    learning rate is recorded too: a new pass (after a scheduler's step) records a new graph.
    """

    def __init__(
        self,
        step: Step,
        model: nn.Module,
        loss_fn: nn.Module,
        optimizer: torch.optim.Optimizer,
        x: torch.Tensor,
        y: torch.Tensor,
        loss_sum: torch.Tensor,
        correct: torch.Tensor,
    ):
        self.x, self.y = x.clone(), y.clone()  # the graph reads its batch from these two tensors
        optimizer.zero_grad(set_to_none=True)  # gradients are then allocated in the graph's own memory
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            step(model, loss_fn, optimizer, self.x, self.y, loss_sum, correct)

    def fits(self, x: torch.Tensor, y: torch.Tensor) -> bool:
        return x.shape == self.x.shape and y.shape == self.y.shape and x.dtype == self.x.dtype

    def replay(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.x.copy_(x)
        self.y.copy_(y)
        self.graph.replay()


_uncapturable: weakref.WeakSet[nn.Module] = weakref.WeakSet()


class GraphedSteps:
    """The steps of one training pass on CUDA: eager warm-up steps, then replays of a captured step.

    Call it with the batch's index, the batch and the pass's running sums. A batch of another shape (a
    short last one) runs eagerly; a model whose step cannot be recorded (for instance one that asks the
    GPU for a number in the middle of its forward pass) warns once and runs eagerly from then on.
    """

    def __init__(
        self, step: Step, model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer, device: torch.device
    ):
        self.step, self.model, self.loss_fn, self.optimizer = step, model, loss_fn, optimizer
        self.device, self.side = device, _side_stream(device)
        self.captured: CapturedStep | None = None
        self.eager = False
        _make_capturable(optimizer)

    def __call__(self, i: int, x: torch.Tensor, y: torch.Tensor, loss_sum: torch.Tensor, correct: torch.Tensor) -> None:
        args = (self.model, self.loss_fn, self.optimizer, x, y, loss_sum, correct)
        if self.eager:
            self.step(*args)
        elif i < CUDA_GRAPH_WARMUP:  # eager steps on a side stream, as CUDA graphs want before a capture
            self.side.wait_stream(torch.cuda.current_stream(self.device))
            with torch.cuda.stream(self.side):
                self.step(*args)
            torch.cuda.current_stream(self.device).wait_stream(self.side)
        else:
            if self.captured is None:
                self.captured = self._capture(x, y, loss_sum, correct)
                if self.captured is None:
                    self.eager = True
            if self.captured is not None and self.captured.fits(x, y):
                self.captured.replay(x, y)
            else:
                self.step(*args)

    def _capture(self, x, y, loss_sum, correct) -> CapturedStep | None:
        try:
            return CapturedStep(self.step, self.model, self.loss_fn, self.optimizer, x, y, loss_sum, correct)
        except RuntimeError as err:
            _uncapturable.add(self.model)
            self.optimizer.zero_grad(set_to_none=True)  # nothing recorded has run: weights and sums are untouched
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            warnings.warn(
                f"{type(self.model).__name__}'s training step cannot be recorded as a CUDA graph "
                f"({reason}). It trains one kernel at a time instead, which is slower; set "
                f"FDL_CUDA_GRAPHS=0 to skip the attempt.",
                RuntimeWarning,
                stacklevel=3,
            )
            return None


def graphed_steps(
    step: Step,
    model: nn.Module,
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    device: torch.device,
    n_batches: int,
) -> GraphedSteps | None:
    """A ``GraphedSteps`` for a training pass of ``n_batches`` on ``device`` when graphs are wanted, else None."""
    if cuda_graphs_wanted(optimizer, device, n_batches) and model not in _uncapturable:
        return GraphedSteps(step, model, loss_fn, optimizer, device)
    return None
