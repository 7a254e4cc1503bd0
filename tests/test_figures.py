"""The figure checks of ``tests/figures.py`` on small figures built here, right and wrong (no notebook runs)."""

from __future__ import annotations

import json

import figures
import numpy as np
import pytest
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

RNG = np.random.default_rng(0)


def rules(fig, **kwargs) -> list[str]:
    return [p.rule for p in figures.check(fig, **kwargs)]


def photo(height: int = 48, width: int = 64) -> np.ndarray:
    """A photo-like uint8 RGB image: smooth shading, a darker object, some noise; few pixels pure white."""
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([90 + 100 * x / width, 70 + 80 * y / height, 60 + 40 * (x + y) / (width + height)], axis=-1)
    base[(y - height / 2) ** 2 + (x - width / 2) ** 2 < (height / 4) ** 2] *= 0.5
    return np.clip(base + RNG.normal(0, 8, base.shape), 0, 255).astype(np.uint8)


def digit() -> np.ndarray:
    """An MNIST-like 28 x 28 digit in [0, 1]: a thin bright stroke (many pixels exactly 1) on black."""
    img = np.zeros((28, 28))
    img[5:23, 13:15] = 1.0  # a "1"
    img[5:7, 10:15] = 1.0
    img[4:24, 12] = 0.5
    img[4:24, 15] = 0.4
    return img


def grid(images, titles=None, cmap=None, **imshow) -> Figure:
    """A grid of image panels drawn as ``utils.plotting.show_images`` draws them (axes off, titles at 9 pt)."""
    fig = Figure(figsize=(1.5 * len(images), 1.8))
    for i, (ax, img) in enumerate(zip(fig.subplots(1, len(images), squeeze=False)[0], images)):
        ax.axis("off")
        ax.imshow(img, cmap=cmap or ("gray" if np.ndim(img) == 2 else None), **imshow)
        ax.set_title(titles[i] if titles else f"image {i}", fontsize=9)
    fig.tight_layout()
    return fig


def confusion(text_color=None, n: int = 6) -> Figure:
    """A confusion matrix drawn as ``plot_confusion_matrix`` draws it: mistakes in Reds, NaN on the diagonal,
    the diagonal as a separate grey image (NaN elsewhere), each mistake's count written on its cell."""
    counts = RNG.integers(0, 30, (n, n)).astype(float)
    counts[0, 1] = 60  # one dark cell at least
    errors = counts.copy()
    np.fill_diagonal(errors, np.nan)
    fig = Figure(figsize=(5, 4.5))
    ax = fig.subplots()
    shown = ax.imshow(errors, cmap="Reds")
    ax.imshow(np.where(np.eye(n, dtype=bool), 1.0, np.nan), cmap="Greys", vmin=0, vmax=3)
    for i in range(n):
        for j in range(n):
            if i != j and counts[i, j]:
                if text_color is None:  # black or white, whichever reads on the cell
                    cell = shown.to_rgba(errors[i, j])
                    white = figures.contrast_ratio((1, 1, 1), cell) > figures.contrast_ratio((0, 0, 0), cell)
                    color = "white" if white else "black"
                else:
                    color = text_color
                ax.text(j, i, int(counts[i, j]), ha="center", va="center", fontsize=8, color=color)
    ax.set_xticks(range(n), list("abcdefgh"[:n]))
    ax.set_yticks(range(n), list("abcdefgh"[:n]))
    ax.set(xlabel="predicted letter", ylabel="true letter", title="mistakes")
    fig.colorbar(shown, ax=ax, shrink=0.8, label="images misclassified")
    fig.tight_layout()
    return fig


# ------------------------------------------------------------------------------------------------------
# Colours


def test_contrast_ratio_follows_wcag():
    assert figures.contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    assert figures.contrast_ratio((0.5, 0.2, 0.1), (0.5, 0.2, 0.1)) == pytest.approx(1)
    # Reds' darkest colour (#67000d) with black: far below 4.5; with white: well above
    dark_red = (0x67 / 255, 0, 0x0D / 255)
    assert figures.contrast_ratio((0, 0, 0), dark_red) < 2
    assert figures.contrast_ratio((1, 1, 1), dark_red) > 10


# ------------------------------------------------------------------------------------------------------
# Figures that are right: nothing flagged


def test_a_normal_photo_passes():
    img = photo()
    assert rules(grid([img, img / 255.0, img[..., 0]], ["uint8", "float", "grey"]), bbox_inches="tight") == []


def test_mnist_digits_on_black_pass():
    """Most of the panel is black (the bottom of the range) and the stroke is at the top: normal."""
    assert rules(grid([digit()] * 4, vmin=0, vmax=1), bbox_inches="tight") == []


def test_sign_language_like_greys_pass():
    """Large mid-grey areas with a brighter hand: not blank, not saturated."""
    y, x = np.mgrid[0:28, 0:28]
    hand = np.clip(0.45 + 0.3 * np.exp(-((x - 14) ** 2 + (y - 12) ** 2) / 40) + RNG.normal(0, 0.03, (28, 28)), 0, 1)
    assert rules(grid([hand, 1 - hand], vmin=0, vmax=1), bbox_inches="tight") == []


def test_training_curves_pass():
    fig = Figure(figsize=(11, 3.8))
    loss, acc = fig.subplots(1, 2)
    epochs = [1, 2, 3]
    loss.plot(epochs, [1.0, 0.6, 0.4], "-", label="train")
    loss.plot(epochs, [1.1, 0.8, 0.7], "--", label="valid")
    acc.plot(epochs, [50, 70, 80], "-", label="train")
    loss.set(xlabel="epoch", ylabel="mean loss", title="loss")
    acc.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    loss.legend(fontsize=8)
    fig.suptitle("training")
    fig.tight_layout()
    assert rules(fig, bbox_inches="tight") == []


def test_a_confusion_matrix_with_readable_counts_passes():
    """The NaN cells of each of its two images are not part of the panel; the grey diagonal is not blank."""
    assert rules(confusion(), bbox_inches="tight") == []


def test_a_perfect_confusion_matrix_is_not_saturated():
    """No mistakes at all: every off-diagonal cell is 0 and the norm's range is empty; nothing is at the top."""
    fig = Figure(figsize=(4, 4))
    ax = fig.subplots()
    errors = np.zeros((5, 5))
    np.fill_diagonal(errors, np.nan)
    ax.imshow(errors, cmap="Reds")
    ax.imshow(np.where(np.eye(5, dtype=bool), 1.0, np.nan), cmap="Greys", vmin=0, vmax=3)
    ax.set_title("no mistakes")
    assert rules(fig, bbox_inches="tight") == []


def test_unused_places_of_a_grid_are_no_panels():
    fig = Figure(figsize=(6, 2))
    axes = fig.subplots(1, 4)
    for ax in axes:
        ax.axis("off")
    for ax in axes[:3]:
        ax.imshow(digit(), cmap="gray", vmin=0, vmax=1)
    assert rules(fig, bbox_inches="tight") == []


# ------------------------------------------------------------------------------------------------------
# Figures that are wrong: each flagged by its rule


def test_uint8_photos_clamped_to_one_are_saturated_not_blank():
    """Lesson 05's grid today: 0-255 values shown as floats clipped to [0, 1], twelve white squares."""
    clamped = [np.clip(photo().astype(float), 0, 1) for _ in range(3)]
    found = figures.check(grid(clamped, ["bo", "not bo", "bo"], vmin=0, vmax=1), bbox_inches="tight")
    assert [p.rule for p in found] == ["saturated"]
    assert "3 of 3 image panels" in found[0].message and "'not bo'" in found[0].message


def test_grey_0_255_shown_on_0_1_is_saturated():
    img = photo()[..., 1].astype(float)  # 0-255 values, imshow'ed with vmax=1
    assert rules(grid([img], vmin=0, vmax=1), bbox_inches="tight") == ["saturated"]


def test_a_uniform_panel_is_blank():
    found = figures.check(grid([digit(), np.full((28, 28), 0.3)], vmin=0, vmax=1), bbox_inches="tight")
    assert [p.rule for p in found] == ["blank"]
    assert "1 of 2 image panels" in found[0].message and "'image 1'" in found[0].message


def test_a_panel_of_nan_only_is_blank():
    assert rules(grid([np.full((5, 5), np.nan)]), bbox_inches="tight") == ["blank"]


def test_an_empty_plot_is_blank():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([], [])
    ax.set_title("loss")
    assert rules(fig, bbox_inches="tight") == ["blank"]


def test_black_counts_on_dark_red_have_too_little_contrast():
    """The confusion matrix today: every count in black, unreadable on the darkest reds."""
    found = figures.check(confusion(text_color="black"), bbox_inches="tight")
    assert [p.rule for p in found] == ["low-contrast"]
    assert "#000000 on #67000d" in found[0].message  # the worst: black on Reds' darkest


def test_a_text_box_is_the_background_it_is_judged_on():
    fig = Figure(figsize=(3, 3))
    ax = fig.subplots()
    ax.imshow(np.array([[0.95, 0.7], [0.8, 0.95]]), cmap="Reds", vmin=0, vmax=1)  # dark reds
    ax.text(0, 0, "12", ha="center", va="center", color="black", bbox={"facecolor": "white"})
    assert rules(fig, bbox_inches="tight") == []
    ax.text(1, 1, "34", ha="center", va="center", color="black")
    assert rules(fig, bbox_inches="tight") == ["low-contrast"]


def test_4_pt_text_is_too_small():
    fig = grid([digit()], vmin=0, vmax=1)
    fig.axes[0].set_title("label 1", fontsize=4)
    found = figures.check(fig, bbox_inches="tight")
    assert [p.rule for p in found] == ["small-text"]
    assert "(4 pt)" in found[0].message and "'label 1'" in found[0].message


def test_text_outside_the_figure_is_cut_off_unless_the_picture_grows_to_hold_it():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([1, 2], [3, 4])
    fig.text(0.9, 0.5, "a note that runs past the right edge")
    found = figures.check(fig)
    assert [p.rule for p in found] == ["cut-off"]
    assert "(right edge)" in found[0].message
    assert rules(fig, bbox_inches="tight") == []  # the inline backend's way: the picture holds every text


# ------------------------------------------------------------------------------------------------------
# The hook


def test_watch_records_each_rendered_figure_and_its_problems(tmp_path, monkeypatch):
    report = tmp_path / "report.jsonl"
    monkeypatch.setenv(figures.REPORT_ENV, str(report))
    stop = figures.watch("demo")
    try:
        fig = grid([np.clip(photo().astype(float), 0, 1)], ["dog"], vmin=0, vmax=1)
        fig.suptitle("dogs")
        FigureCanvasAgg(fig).print_figure(tmp_path / "dogs.png", bbox_inches="tight")
        good = grid([digit()], vmin=0, vmax=1)
        FigureCanvasAgg(good).print_figure(tmp_path / "digit.png")
    finally:
        stop()
    records = figures.read_report(report)
    assert [(r["notebook"], r["figure"], r["rule"]) for r in records] == [
        ("demo", "dogs", "shown"),
        ("demo", "dogs", "saturated"),
        ("demo", "image 0", "shown"),
    ]
    assert all(r["cell"] is None for r in records)  # not in IPython
    assert json.loads(report.read_text().splitlines()[1])["problem"].startswith("1 of 1 image panels")
    FigureCanvasAgg(good).print_figure(tmp_path / "again.png")  # stopped: nothing more recorded
    assert len(figures.read_report(report)) == 3


def test_watch_does_nothing_without_a_report(monkeypatch):
    monkeypatch.delenv(figures.REPORT_ENV, raising=False)
    before = FigureCanvasBase.print_figure
    figures.watch("demo")()
    assert FigureCanvasBase.print_figure is before
