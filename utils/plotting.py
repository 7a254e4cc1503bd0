"""Pictures for the lessons (from lesson 01 on): grids of images with their labels, training curves, confusion matrices.

Each helper shows its figure once and returns nothing, so a helper called on a cell's last line does not
make Jupyter draw the same picture a second time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image

from .training import History


def _as_image(img):
    if isinstance(img, Image.Image):
        return np.asarray(img.convert("RGB")) / 255.0
    img = img.detach().float().cpu()
    if img.ndim == 3 and img.shape[0] in (1, 3):
        img = img.permute(1, 2, 0)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    return img.clamp(0, 1).numpy()


def show_images(
    images: Sequence[torch.Tensor] | torch.Tensor,
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    size: float = 1.5,
    suptitle: str | None = None,
    title_colors: Sequence[str] | None = None,
):
    """Show images (C x H x W or H x W tensors in [0, 1], or PIL images) in a grid, with optional titles."""
    n = len(images)
    nrows = max(1, math.ceil(n / ncols))
    cols = min(ncols, n) or 1
    fig, axes = plt.subplots(nrows, cols, figsize=(size * cols, size * nrows + (0.4 if suptitle else 0)), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        img = _as_image(images[i])
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=1)
        if titles is not None:
            ax.set_title(titles[i], fontsize=9, color=title_colors[i] if title_colors else "black")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time


def plot_history(histories: dict[str, History] | History, title: str | None = None):
    """Loss and accuracy per epoch: training solid, validation dashed, one colour per run."""
    if isinstance(histories, History):
        histories = {"": histories}
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 3.8))
    for i, (name, h) in enumerate(histories.items()):
        color = f"C{i}"
        epochs = range(1, len(h) + 1)
        prefix = f"{name} " if name else ""
        ax_loss.plot(epochs, h.train_loss, "-", color=color, label=f"{prefix}train")
        ax_loss.plot(epochs, h.valid_loss, "--", color=color, label=f"{prefix}valid")
        ax_acc.plot(epochs, [a * 100 for a in h.train_acc], "-", color=color, label=f"{prefix}train")
        ax_acc.plot(epochs, [a * 100 for a in h.valid_acc], "--", color=color, label=f"{prefix}valid")
    ax_loss.set(xlabel="epoch", ylabel="mean loss", title="loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time


def confusion_matrix(y_true: torch.Tensor, y_pred: torch.Tensor, n_classes: int) -> torch.Tensor:
    """Counts[i, j] = how many images of class i were predicted as class j."""
    idx = y_true.long().cpu() * n_classes + y_pred.long().cpu()
    return torch.bincount(idx, minlength=n_classes * n_classes).view(n_classes, n_classes)


def plot_confusion_matrix(y_true: torch.Tensor, y_pred: torch.Tensor, labels: Sequence[str], title: str | None = None):
    """A confusion matrix as a picture: rows are the true classes, columns the predictions.

    The diagonal (right answers) is greyed out so the mistakes stand out; each mistake is annotated
    with its count.
    """
    n = len(labels)
    cm = confusion_matrix(y_true, y_pred, n)
    errors = cm.clone().float()
    errors.fill_diagonal_(float("nan"))
    fig, ax = plt.subplots(figsize=(8, 7))
    shown = ax.imshow(errors.numpy(), cmap="Reds")
    ax.imshow(torch.where(torch.eye(n, dtype=torch.bool), 1.0, float("nan")).numpy(), cmap="Greys", vmin=0, vmax=3)
    for i in range(n):
        for j in range(n):
            if cm[i, j] and i != j:
                ax.text(j, i, int(cm[i, j]), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.set(
        xlabel="predicted letter",
        ylabel="true letter",
        title=title or f"mistakes: {int(cm.sum() - cm.trace()):,} of {int(cm.sum()):,} images",
    )
    fig.colorbar(shown, ax=ax, shrink=0.8, label="images misclassified")
    fig.tight_layout()
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time
