"""Pictures for the lessons (from lesson 01 on): grids of images with their labels, training curves and
confusion matrices, and lesson 03's pictures of what a CNN's layers do (a convolution step by step,
max-pooling, dropout, learned filters and feature maps).

Each helper shows its figure once and returns nothing, so a helper called on a cell's last line does not
make Jupyter draw the same picture a second time.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import matplotlib.colors as mcolors
import matplotlib.patheffects as path_effects
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.cm import ScalarMappable
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.ticker import MaxNLocator
from PIL import Image
from torch import nn

from .training import History

# --------------------------------------------------------------------------------------------------------
# Text on coloured cells: black or white, whichever stands out


def _luminance(color) -> float:
    """The relative luminance of a colour as WCAG 2 defines it: 0 for black, 1 for white."""
    rgb = np.asarray(mcolors.to_rgb(color))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def _contrast(a, b) -> float:
    """The WCAG contrast ratio of two colours: 1 for the same colour, 21 for black on white."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_color(background) -> str:
    """Black or white, whichever reads better on ``background`` (the better one always has a contrast of 4.5+)."""
    return "white" if _contrast("white", background) > _contrast("black", background) else "black"


def _number(value: float, digits: int = 2) -> str:
    """A number for a cell: whole numbers without decimals, others with ``digits`` decimals, never "-0"."""
    value = float(value)
    text = f"{value:.0f}" if value.is_integer() else f"{value:.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text


def _write_in_cells(ax, values, colors, fontsize: float = 9, bold=None, digits: int = 2) -> None:
    """Write each number of a 2-D array at the centre of its cell, in the colour that reads best on ``colors``.

    ``colors[i, j]`` is the colour drawn under cell (i, j) (what ``AxesImage.to_rgba`` gives, for example);
    ``bold``: an optional array of the same shape saying which numbers to write in bold.
    """
    values = np.asarray(values)
    for (i, j), value in np.ndenumerate(values):
        ax.text(
            j,
            i,
            _number(value, digits),
            ha="center",
            va="center",
            fontsize=fontsize,
            color=_text_color(colors[i][j]),
            fontweight="bold" if bold is not None and bold[i][j] else "normal",
        )


def _frame(ax, row: float, col: float, size: float, color, width: float = 3) -> Rectangle:
    """Outline ``size`` x ``size`` cells from (row, col) in ``color``, edged in black so it shows on any cell."""
    box = Rectangle((col - 0.5, row - 0.5), size, size, fill=False, edgecolor=color, linewidth=width)
    box.set_path_effects([path_effects.Stroke(linewidth=width + 2, foreground="black"), path_effects.Normal()])
    ax.add_patch(box)
    return box


def _no_ticks(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


# --------------------------------------------------------------------------------------------------------
# Images, training curves, confusion matrices (lesson 01 on)

#: PIL modes of one channel that numpy reads as they are (``"1"`` and ``"LA"`` are turned into ``"L"`` first).
_GREY_MODES = ("L", "I", "I;16", "F")
#: A float image counts as already in [0, 1] within this margin (resizing can overshoot a little).
_RANGE_SLACK = 0.01


def _as_image(img) -> np.ndarray:
    """One image as an H x W (grey) or H x W x 3 float array in [0, 1], for ``imshow(..., vmin=0, vmax=1)``.

    Accepts tensors (C x H x W or H x W), numpy arrays (H x W or H x W x C) and PIL images. uint8 values
    count from 0 to 255; float images already in [0, 1] are kept as they are; any other image (an
    ImageNet-normalised photo, for example) is stretched so that its own lowest value becomes 0 and its
    highest 1, all channels alike.
    """
    if isinstance(img, Image.Image):
        if img.mode in ("1", "LA"):
            img = img.convert("L")
        elif img.mode not in _GREY_MODES:
            img = img.convert("RGB")  # palette, RGBA, CMYK...
        img = np.asarray(img)
    elif isinstance(img, torch.Tensor):
        img = img.detach().cpu()
        img = img.float() if img.is_floating_point() else img
        if img.ndim == 3 and img.shape[0] in (1, 3, 4):  # tensors put the channels first
            img = img.permute(1, 2, 0)
        img = img.numpy()
    else:
        img = np.asarray(img)
        if img.ndim == 3 and img.shape[0] in (1, 3) and img.shape[2] not in (1, 3, 4):  # channels first
            img = img.transpose(1, 2, 0)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    if img.ndim == 3 and img.shape[2] == 4:  # the transparency is not shown
        img = img[:, :, :3]
    if img.dtype == np.uint8:
        img = img / 255
    elif img.dtype == np.uint16:
        img = img / 65535
    img = img.astype(np.float32)
    low, high = float(img.min()), float(img.max())
    if low < -_RANGE_SLACK or high > 1 + _RANGE_SLACK:
        img = (img - low) / max(high - low, 1e-12)
    return np.clip(img, 0, 1)


def show_images(
    images: Sequence[torch.Tensor] | torch.Tensor,
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    size: float = 1.5,
    suptitle: str | None = None,
    title_colors: Sequence[str] | None = None,
):
    """Show images in a grid, with optional titles.

    Each image may be a tensor (C x H x W or H x W), a numpy array (H x W or H x W x C) or a PIL image. uint8
    images count 0-255, float images 0-1; a float image outside [0, 1] (such as an ImageNet-normalised photo)
    is stretched from its own lowest to its highest value. Images of one channel are shown grey.
    """
    n = len(images)
    nrows = max(1, math.ceil(n / ncols))
    cols = min(ncols, n) or 1
    row_height = size + (0.3 if titles is not None else 0)  # room for each row's titles above its pictures
    fig, axes = plt.subplots(
        nrows, cols, figsize=(size * cols, row_height * nrows + (0.4 if suptitle else 0)), squeeze=False
    )
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


def plot_history(
    histories: dict[str, History] | History, title: str | None = None, stages: dict[int, str] | None = None
):
    """Loss and accuracy per epoch: training solid, validation dashed, one colour per run. ``stages`` marks
    where a stage of training begins, e.g. ``{2: "fine-tuning starts"}``: a dotted line after epoch 2."""
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
        for after, label in (stages or {}).items():
            ax.axvline(after + 0.5, color="dimgray", linestyle=":", linewidth=1.5)
            ax.text(after + 0.6, 0.98, label, transform=ax.get_xaxis_transform(), fontsize=8, va="top", color="dimgray")
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
    with its count, in white on dark cells and black on light ones.
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
            if cm[i, j] and i != j:  # white on dark cells, black on light ones
                color = _text_color(shown.to_rgba(float(errors[i, j])))
                ax.text(j, i, int(cm[i, j]), ha="center", va="center", fontsize=8, color=color)
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.set(
        xlabel="predicted letter",
        ylabel="true letter",
        title=title or f"mistakes: {int(cm.sum() - cm.trace()):,} of {int(cm.sum()):,} images",
    )
    key = fig.colorbar(shown, ax=ax, shrink=0.8, label="images misclassified")
    key.ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole images, never 0.5
    fig.tight_layout()
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time


# --------------------------------------------------------------------------------------------------------
# Lesson 03: what the layers of a CNN do

#: A kernel that finds vertical edges: its answer is the right column of a window minus its left column, so
#: it is positive where the image gets brighter from left to right, negative where it gets darker, 0 where flat.
VERTICAL_EDGE_KERNEL = torch.tensor([[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]])

#: The outlines of ``show_convolution``'s windows: (name in the titles, colour).
_WINDOW_COLORS = (("orange", "#ff8c00"), ("green", "#22bb22"), ("violet", "#cc33ff"))
_COUNTS = {1: "one", 2: "two", 3: "three"}


def _grey_image(image) -> torch.Tensor:
    """A 1 x H x W or H x W image as an H x W float tensor on the CPU."""
    img = torch.as_tensor(image).detach().float().cpu()
    if img.ndim == 3 and img.shape[0] == 1:
        img = img[0]
    if img.ndim != 2:
        raise ValueError(f"expected one greyscale image, 1 x H x W or H x W; got the shape {tuple(img.shape)}")
    return img


def _pick_windows(out: torch.Tensor) -> list[tuple[int, int]]:
    """The windows with the highest answer, the lowest and the one nearest 0, apart from each other if possible."""
    cells = [divmod(i, out.shape[1]) for i in range(out.numel())]
    flat = out.flatten()
    chosen: list[tuple[int, int]] = []
    for order in (flat.argsort(descending=True), flat.argsort(), flat.abs().argsort()):
        candidates = [cells[int(i)] for i in order if cells[int(i)] not in chosen]
        apart = [p for p in candidates if all(max(abs(p[0] - q[0]), abs(p[1] - q[1])) >= 3 for q in chosen)]
        chosen.append((apart or candidates)[0])
    return chosen


def show_convolution(
    image: torch.Tensor,
    kernel: torch.Tensor | Sequence[Sequence[float]] | None = None,
    corner: tuple[int, int] | None = None,
    size: int = 8,
    positions: Sequence[tuple[int, int]] | None = None,
):
    """A 3 x 3 kernel sliding over a small patch of a greyscale image, one window at a time (lesson 03).

    ``image``: 1 x H x W or H x W, values in [0, 1] (a Sign Language MNIST letter, say). ``kernel``: 3 x 3
    weights, by default ``VERTICAL_EDGE_KERNEL``. ``corner``: (row, column) of the top left pixel of the
    ``size`` x ``size`` patch; by default the patch where the kernel answers most strongly. ``positions``: up
    to three windows to outline, each as the (row, column) of its top left pixel within the patch; by default
    the window with the highest answer, the one with the lowest and one with an answer near 0.

    Top row: the image with the patch boxed, the patch with the windows outlined, the kernel, and the output
    (``torch.nn.functional.conv2d`` of the patch and the kernel) with each window's answer outlined in the
    window's colour. Bottom row: each window's nine pixels and the sum of pixel times weight that gives its
    answer.
    """
    img = _grey_image(image)
    k = VERTICAL_EDGE_KERNEL if kernel is None else torch.as_tensor(kernel, dtype=torch.float32).detach().cpu()
    if tuple(k.shape) != (3, 3):
        raise ValueError(f"the kernel should be 3 x 3, not {tuple(k.shape)}")
    size = min(size, *img.shape)
    if size < 5:
        raise ValueError("the patch should be at least 5 x 5 pixels, so that there are windows to compare")
    if corner is None:  # the patch whose answers are largest on average
        answers = F.conv2d(img[None, None], k[None, None]).abs()
        scores = F.avg_pool2d(answers, size - 2, stride=1)[0, 0]
        corner = divmod(int(scores.argmax()), scores.shape[1])
    r0, c0 = corner
    if not (0 <= r0 <= img.shape[0] - size and 0 <= c0 <= img.shape[1] - size):
        raise ValueError(f"a {size} x {size} patch at {corner} does not fit in the {tuple(img.shape)} image")
    # the pixels as the figure writes them (two decimals), so that each written sum adds up by hand
    patch = (img[r0 : r0 + size, c0 : c0 + size] * 100).round() / 100
    out = F.conv2d(patch[None, None], k[None, None])[0, 0]
    positions = _pick_windows(out) if positions is None else [tuple(p) for p in positions]
    if not 1 <= len(positions) <= len(_WINDOW_COLORS):
        raise ValueError(f"give 1 to {len(_WINDOW_COLORS)} window positions, not {len(positions)}")
    for r, c in positions:
        if not (0 <= r < out.shape[0] and 0 <= c < out.shape[1]):
            raise ValueError(f"a window at {(r, c)} does not fit in the {size} x {size} patch")
    windows = list(zip(_WINDOW_COLORS, positions))

    fig = plt.figure(figsize=(15, 8.6))
    rows = fig.add_gridspec(2, 1, height_ratios=[3, 1.7], hspace=0.12, left=0.03, right=0.97, top=0.87, bottom=0.02)
    top = rows[0].subgridspec(1, 4, width_ratios=[3, 4, 2.4, 3.6], wspace=0.25)
    bottom = rows[1].subgridspec(1, 6, width_ratios=[1.1, 2] * 3, wspace=0.05)
    ax_img, ax_patch, ax_kernel, ax_out = (fig.add_subplot(top[0, i]) for i in range(4))

    ax_img.imshow(img.numpy(), cmap="gray", vmin=0, vmax=1)
    _frame(ax_img, r0, c0, size, "#ffd700")
    ax_img.set_title(f"1. the image ({img.shape[0]} x {img.shape[1]});\nthe yellow box is the patch", fontsize=11)
    _no_ticks(ax_img)

    drawn = ax_patch.imshow(patch.numpy(), cmap="gray", vmin=0, vmax=1)
    _write_in_cells(ax_patch, patch.numpy(), drawn.to_rgba(patch.numpy()), fontsize=8)
    for (_, color), (r, c) in windows:
        _frame(ax_patch, r, c, 3, color)
    count = f"{_COUNTS[len(windows)]} 3 x 3 window{'s' if len(windows) > 1 else ''}"
    ax_patch.set_title(f"2. the patch ({size} x {size} pixels, 0 = black, 1 = white)\nwith {count}", fontsize=11)
    _no_ticks(ax_patch)

    reach = float(k.abs().max()) or 1.0
    drawn = ax_kernel.imshow(k.numpy(), cmap="RdBu_r", vmin=-reach, vmax=reach)
    _write_in_cells(ax_kernel, k.numpy(), drawn.to_rgba(k.numpy()), fontsize=13)
    what = "finds vertical edges" if kernel is None else "9 weights"
    ax_kernel.set_title(f"3. the kernel (3 x 3):\n{what}", fontsize=11)
    _no_ticks(ax_kernel)

    reach = float(out.abs().max()) or 1.0
    drawn = ax_out.imshow(out.numpy(), cmap="RdBu_r", vmin=-reach, vmax=reach)
    _write_in_cells(ax_out, out.numpy(), drawn.to_rgba(out.numpy()), fontsize=9)
    for (_, color), (r, c) in windows:
        _frame(ax_out, r, c, 1, color)
    n_out = out.shape[0]
    ax_out.set_title(f"4. the output ({n_out} x {n_out}): one number per\nwindow position", fontsize=11)
    if kernel is None:
        ax_out.set_xlabel("red: dark to bright (left to right)\nblue: bright to dark, white: no edge", fontsize=10)
    else:
        ax_out.set_xlabel("red: positive, blue: negative, white: 0", fontsize=10)
    _no_ticks(ax_out)

    for i, ((name, color), (r, c)) in enumerate(windows):
        ax_win, ax_sum = fig.add_subplot(bottom[0, 2 * i]), fig.add_subplot(bottom[0, 2 * i + 1])
        window = patch[r : r + 3, c : c + 3]
        drawn = ax_win.imshow(window.numpy(), cmap="gray", vmin=0, vmax=1)
        _write_in_cells(ax_win, window.numpy(), drawn.to_rgba(window.numpy()), fontsize=9)
        ax_win.set_title(f"{name} window", fontsize=11)
        _no_ticks(ax_win)
        for spine in ax_win.spines.values():
            spine.set(edgecolor=color, linewidth=5)
        terms = [[(_number(k[a, b]), f"{float(window[a, b]):.2f}") for b in range(3)] for a in range(3)]
        lines = [("  " if a == 0 else "+ ") + " + ".join(f"{w}×{p}" for w, p in row) for a, row in enumerate(terms)]
        shown_sum = sum(float(w) * float(p) for row in terms for w, p in row)
        equals = "=" if f"{shown_sum:.2f}" == f"{float(out[r, c]):.2f}" else "≈"
        lines.append(f"{equals} {_number(out[r, c])}: the {name} output cell")
        ax_sum.text(0.04, 0.62, "weight × pixel, added up:", fontsize=10, va="bottom", ha="left")
        fontsize = max(8, min(10, 310 / max(map(len, lines))))  # long lines (weights with decimals) a little smaller
        ax_sum.text(0.04, 0.58, "\n".join(lines), family="monospace", fontsize=fontsize, va="top", ha="left")
        ax_sum.axis("off")

    fig.suptitle(
        "A convolution: the kernel slides over the image; at each position it multiplies the 9 pixels under it "
        "by its 9 weights\nand adds the 9 products up. That sum is one number of the output.",
        fontsize=13,
    )
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time


def show_max_pooling(grid: torch.Tensor | np.ndarray | None = None, size: int = 4, seed: int = 0):
    """2 x 2 max-pooling with stride 2, as ``nn.MaxPool2d(2, stride=2)`` does it, on a small grid (lesson 03).

    ``grid``: a 2-D tensor or array with even height and width; by default the numbers 1 to ``size`` x
    ``size`` in an order drawn with ``seed``. Left: the grid, each 2 x 2 window in its own colour with its
    largest number framed and in bold. Right: the output, half as high and half as wide, each cell in its
    window's colour holding that window's largest number.
    """
    if grid is None:
        order = torch.randperm(size * size, generator=torch.Generator().manual_seed(seed))
        grid = (order + 1).view(size, size)
    values = torch.as_tensor(np.asarray(grid), dtype=torch.float32)
    if values.ndim != 2 or values.shape[0] % 2 or values.shape[1] % 2:
        raise ValueError(f"expected a 2-D grid with an even height and width, got the shape {tuple(values.shape)}")
    h, w = values.shape
    pooled = F.max_pool2d(values[None, None], 2, stride=2)[0, 0]

    light = [mcolors.to_rgba(c) for c in plt.get_cmap("tab20").colors[1::2]]  # the pale half of tab20
    window_colors = np.array([[light[(r * (w // 2) + c) % len(light)] for c in range(w // 2)] for r in range(h // 2)])
    cell_colors = window_colors.repeat(2, axis=0).repeat(2, axis=1)
    is_max = np.zeros((h, w), dtype=bool)
    for r in range(0, h, 2):
        for c in range(0, w, 2):
            a, b = divmod(int(values[r : r + 2, c : c + 2].argmax()), 2)
            is_max[r + a, c + b] = True

    cell, gap, margin, head = 0.7, 2.6, 0.4, 1.5  # inches: one cell, the arrow, the sides, titles above
    width, height = 2 * margin + cell * w * 1.5 + gap, cell * h + head + 0.3
    fig = plt.figure(figsize=(width, height))

    def place(left: float, w_cells: int, h_cells: int):  # axes of that many cells, centred on the input's height
        bottom = 0.3 + cell * (h - h_cells) / 2
        return fig.add_axes((left / width, bottom / height, cell * w_cells / width, cell * h_cells / height))

    ax_in = place(margin, w, h)
    ax_mid = fig.add_axes(((margin + cell * w) / width, 0.3 / height, gap / width, cell * h / height))
    ax_out = place(margin + cell * w + gap, w // 2, h // 2)
    ax_in.imshow(cell_colors)
    _write_in_cells(ax_in, values.numpy(), cell_colors, fontsize=12, bold=is_max)
    for r in range(0, h, 2):
        for c in range(0, w, 2):
            ax_in.add_patch(Rectangle((c - 0.5, r - 0.5), 2, 2, fill=False, edgecolor="white", linewidth=4))
    for r, c in zip(*np.nonzero(is_max)):
        ax_in.add_patch(Rectangle((c - 0.42, r - 0.42), 0.84, 0.84, fill=False, edgecolor="black", linewidth=1.5))
    ax_in.set_title(f"input ({h} x {w}): one colour per\n2 x 2 window, its largest framed", fontsize=11)
    _no_ticks(ax_in)

    ax_mid.axis("off")
    ax_mid.annotate("", xy=(0.95, 0.5), xytext=(0.05, 0.5), arrowprops={"arrowstyle": "-|>", "lw": 2, "color": "black"})
    ax_mid.text(0.5, 0.6, "nn.MaxPool2d(2, stride=2)", ha="center", va="bottom", fontsize=10, family="monospace")
    ax_mid.text(0.5, 0.4, "keeps the largest number\nof each 2 x 2 window", ha="center", va="top", fontsize=10)

    ax_out.imshow(window_colors)
    _write_in_cells(ax_out, pooled.numpy(), window_colors, fontsize=12, bold=np.ones(pooled.shape, dtype=bool))
    for r in range(h // 2):
        for c in range(w // 2):
            ax_out.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="white", linewidth=4))
    ax_out.set_title(f"output ({h // 2} x {w // 2})", fontsize=11)
    _no_ticks(ax_out)
    fig.suptitle(
        "Max-pooling: each 2 x 2 window is replaced by its largest number,\nso the height and the width are halved",
        fontsize=12,
        y=1 - 0.15 / height,
        va="top",
    )
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time


def _draw_dense(ax, values: torch.Tensor, n_next: int) -> None:
    """One column of units (a unit whose value is 0 is drawn switched off) and the units it feeds."""
    n = len(values)
    ys = np.linspace(n - 1, 0, n) * 0.5
    next_ys = np.linspace(n_next - 1, 0, n_next) * 0.5 * (n - 1) / max(n_next - 1, 1) * 0.7 + (n - 1) * 0.5 * 0.15
    for y, value in zip(ys, values):
        on = bool(value != 0)
        if on:
            for y_next in next_ys:
                ax.plot([0, 2], [y, y_next], color="#1f77b4", alpha=0.45, linewidth=1, zorder=1)
        unit = Circle((0, y), 0.17, facecolor="#1f77b4" if on else "white", edgecolor="black" if on else "#888888")
        unit.set(linestyle="-" if on else "--", linewidth=1.5, zorder=2, gid="kept" if on else "dropped")
        ax.add_patch(unit)
        if not on:
            d = 0.12
            ax.plot([-d, d], [y - d, y + d], color="#c00000", linewidth=2, zorder=3)
            ax.plot([-d, d], [y + d, y - d], color="#c00000", linewidth=2, zorder=3)
    for y_next in next_ys:
        unit = Circle((2, y_next), 0.17, facecolor="#7f7f7f", edgecolor="black", linewidth=1.5, zorder=2, gid="next")
        ax.add_patch(unit)
    ax.set(xlim=(-0.6, 2.6), ylim=(-0.6, (n - 1) * 0.5 + 0.6), aspect="equal")
    _no_ticks(ax)
    ax.set_xticks([0, 2], ["this layer", "next layer"], fontsize=9)


def show_dropout(p: float = 0.5, n_units: int = 10, n_next: int = 4, seed: int = 0):
    """What ``nn.Dropout(p)`` does to a layer of ``n_units`` units feeding ``n_next`` more (lesson 03).

    Four panels: the layer with every unit on; two training steps, in each of which ``nn.Dropout`` itself (in
    training mode, seeded with ``seed``) switches off a new random set of units and multiplies the others by
    1 / (1 - p); and evaluation mode, where dropout does nothing. The random state outside is left as it was.
    """
    layer = nn.Dropout(p)
    ones = torch.ones(n_units)
    with torch.random.fork_rng(devices=[]):  # seeded here without changing the caller's random numbers
        torch.manual_seed(seed)
        steps = [layer(ones) for _ in range(2)]  # training mode: a new random set of zeros at every call
    layer.eval()
    evaluated = layer(ones)

    def training_caption(values: torch.Tensor) -> str:
        n_off = int((values == 0).sum())
        if n_off == n_units:
            return f"all {n_units} switched off"
        kept = n_units - n_off
        return (
            f"{n_off} of {n_units} switched off;\nthe other {kept} are multiplied by\n1 / (1 - p) = {1 / (1 - p):.3g}"
        )

    panels = [
        ("the layer: every unit\nfeeds the next layer", ones, "white", "all units on"),
        ("training, step 1\n(model.train())", steps[0], "#fff1dc", training_caption(steps[0])),
        ("training, step 2\n(model.train())", steps[1], "#fff1dc", training_caption(steps[1])),
        ("evaluation\n(model.eval())", evaluated, "#e6f4e6", "dropout does nothing:\nall units on, none multiplied"),
    ]
    height = 0.42 * n_units + 3.2  # inches: the units, then 1.15 for the titles above and 1.5 for the text below
    fig, axes = plt.subplots(1, 4, figsize=(14, height))
    fig.subplots_adjust(left=0.02, right=0.98, top=1 - 1.15 / height, bottom=1.5 / height, wspace=0.08)
    for ax, (title, values, background, caption) in zip(axes, panels):
        _draw_dense(ax, values, n_next)
        ax.set_facecolor(background)
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(caption, fontsize=10)
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=11, markerfacecolor="#1f77b4", markeredgecolor="black"),
        Line2D([], [], marker="X", linestyle="", markersize=11, markerfacecolor="#c00000", markeredgecolor="#c00000"),
        Line2D([], [], marker="o", linestyle="", markersize=11, markerfacecolor="#7f7f7f", markeredgecolor="black"),
    ]
    labels = ["a unit that is on", "a unit switched off (its output is 0)", "a unit of the next layer"]
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize=10, frameon=False)
    fig.suptitle(
        f"Dropout with p = {p:g}: during training, every step switches off a new random set of units "
        f"({p:.0%} on average),\nso the network cannot rely on any single one. "
        "In evaluation (validation, predictions) it does nothing.",
        fontsize=12,
        y=1 - 0.1 / height,
        va="top",
    )
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time


def _first_conv(module: nn.Module) -> nn.Conv2d:
    """``module`` itself if it is a ``Conv2d``, else the first ``Conv2d`` inside it."""
    conv = next((m for m in module.modules() if isinstance(m, nn.Conv2d)), None)
    if conv is None:
        raise ValueError(f"found no nn.Conv2d in {type(module).__name__}")
    return conv


def show_filters(conv_layer: nn.Module, ncols: int | None = None):
    """The learned kernels of a ``Conv2d`` with one input channel, one small picture each, in a grid (lesson 03).

    ``conv_layer``: the ``nn.Conv2d`` (or a network, whose first ``Conv2d`` is shown), such as the 25 filters
    of lesson 03's first layer. Red is a positive weight, blue a negative one, white 0. Each filter has its own
    colour scale, so that weak filters show their pattern too; the number above it is its largest weight
    (in size).
    """
    conv = _first_conv(conv_layer)
    weights = conv.weight.detach().float().cpu()
    if weights.shape[1] != 1:
        raise ValueError(f"show_filters draws filters of one input channel; this Conv2d has {weights.shape[1]}")
    n, _, kh, kw = weights.shape
    ncols = ncols or math.ceil(math.sqrt(n))
    nrows = math.ceil(n / ncols)
    width, height = 1.3 * ncols + 1.6, 1.35 * nrows + 1.0  # inches; 0.85 above the grid for the titles
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False)
    fig.subplots_adjust(left=0.03, right=0.84, top=1 - 0.85 / height, bottom=0.1 / height, hspace=0.35)
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.axis("off")
            continue
        kernel = weights[i, 0]
        reach = float(kernel.abs().max()) or 1.0
        ax.imshow(kernel.numpy(), cmap="RdBu_r", vmin=-reach, vmax=reach)
        ax.set_title(f"{i + 1}: m = {reach:.2f}", fontsize=9)
        _no_ticks(ax)
    key = fig.colorbar(ScalarMappable(mcolors.Normalize(-1, 1), "RdBu_r"), ax=axes, shrink=0.6, ticks=[-1, 0, 1])
    key.ax.set_yticklabels(["-m", "0", "+m"], fontsize=9)
    key.set_label("weight", fontsize=9)
    fig.suptitle(
        f"The {n} learned {kh} x {kw} filters of Conv2d({conv.in_channels}, {conv.out_channels})\n"
        "red = positive weight, blue = negative, white = 0;\n"
        "each filter has its own scale, from -m to +m (m, above it: its largest weight in size, + or -)",
        fontsize=11,
        y=1 - 0.08 / height,
        va="top",
    )
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time


def _layer_names(module: nn.Module) -> str:
    return " → ".join(type(m).__name__ for m in (list(module.children()) or [module]))


#: ``show_feature_maps``: a map that is non-zero at fewer than this share of its pixels is written as text
#: ("0 at 780 of 784 pixels"), not drawn as a black square.
SILENT_SHARE = 0.02


def show_feature_maps(module: nn.Module, image: torch.Tensor, ncols: int | None = None, max_maps: int = 36):
    """What the first layers of a CNN output for one image: the input and each channel's map (lesson 03).

    ``module``: the first convolution (``model[0]``) or the first few layers (``model[:4]``, one block).
    ``image``: one 1 x H x W (or H x W) image, such as a 1 x 28 x 28 letter. The module runs once, in
    evaluation mode and without gradients, on its own device (the image is moved there); each layer's mode
    is then put back as it was. Each map has its own scale: maps that are never negative (after a ReLU) go
    from black (0) to white (their largest value), others from blue (negative) through white (0) to red.
    A map that is 0 almost everywhere (the filter's pattern is not in this image) is said in words instead.
    At most ``max_maps`` maps are drawn.
    """
    x = torch.as_tensor(image).detach().float()
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise ValueError(f"expected one image, 1 x H x W or H x W; got the shape {tuple(x.shape)}")
    param = next(module.parameters(), None)
    x = x[None].to(param.device if param is not None else x.device)
    modes = [(m, m.training) for m in module.modules()]
    module.eval()
    try:
        with torch.no_grad():
            maps = module(x)
    finally:
        for m, was_training in modes:  # parents first, so each layer ends up in its own former mode
            m.train(was_training)
    if maps.ndim != 4:
        raise ValueError(
            f"{type(module).__name__} gives an output of shape {tuple(maps.shape)}, not maps; pass only the "
            "first layers, such as model[:4]"
        )
    maps = maps[0].float().cpu()
    n_maps, h, w = maps.shape
    shown = min(n_maps, max_maps)
    ncols = ncols or math.ceil(math.sqrt(shown))
    nrows = math.ceil(shown / ncols)
    signed = bool((maps[:shown] < 0).any())

    colours = "blue = negative, white = 0, red = positive" if signed else "black = 0, white = the map's largest value"
    more = f" (the first {shown} of {n_maps})" if shown < n_maps else ""
    width = 3.2 + 1.3 * ncols  # inches
    lines = [
        f"What {_layer_names(module)} outputs for this image: {n_maps} maps of {h} x {w}{more}",
        f"{colours}, each map on its own scale",
    ]
    title = "\n".join(textwrap.fill(line, int(width * 9)) for line in lines)  # about 9 characters an inch
    head = 0.45 + 0.22 * (title.count("\n") + 1)  # the title's lines and the maps' titles
    height = 1.4 * nrows + head + 0.1
    fig = plt.figure(figsize=(width, height))
    grid = fig.add_gridspec(
        nrows,
        ncols + 1,
        width_ratios=[2.6] + [1] * ncols,
        wspace=0.15,
        hspace=0.35,
        left=0.02,
        right=0.98,
        top=1 - head / height,
        bottom=0.1 / height,
    )
    ax_in = fig.add_subplot(grid[:, 0])
    picture = _as_image(x[0].cpu())
    ax_in.imshow(picture, cmap="gray" if picture.ndim == 2 else None, vmin=0, vmax=1)
    ax_in.set_title(f"input ({x.shape[2]} x {x.shape[3]})", fontsize=11)
    _no_ticks(ax_in)
    for c in range(shown):
        ax = fig.add_subplot(grid[c // ncols, 1 + c % ncols])
        ax.set_title(f"channel {c + 1}", fontsize=9)
        _no_ticks(ax)
        reach = float(maps[c].abs().max())
        zeros = int((maps[c] == 0).sum())
        if zeros > (1 - SILENT_SHARE) * h * w:  # a black square would say nothing: write what it holds
            ax.text(
                0.5,
                0.5,
                "0 everywhere" if zeros == h * w else f"0 at {zeros:,}\nof {h * w:,} pixels",
                ha="center",
                va="center",
                fontsize=8,
                transform=ax.transAxes,
            )
        elif signed:
            ax.imshow(maps[c].numpy(), cmap="RdBu_r", vmin=-reach, vmax=reach)
        else:
            ax.imshow(maps[c].numpy(), cmap="gray", vmin=0, vmax=reach)
    fig.suptitle(
        title,
        fontsize=12,
        y=1 - 0.08 / height,
        va="top",
    )
    plt.show()  # shown once; returning the figure too would make Jupyter draw it a second time
