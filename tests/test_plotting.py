"""The plotting helpers (utils.plotting): what each figure draws (checked on the figure itself, with ``plt.show``
recording instead of showing), that its text is readable, and that a notebook shows each figure once."""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.axes import Axes
from matplotlib.text import Text
from PIL import Image
from torch import nn

from utils import plotting
from utils.tools import notebooks

# --------------------------------------------------------------------------------------------------------
# Recording what a helper draws


@pytest.fixture
def shown(monkeypatch):
    """The figures passed to ``plt.show`` (which records them instead of showing), all closed afterwards."""
    plt.switch_backend("agg")
    plt.close("all")
    figures = []
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: figures.append(plt.gcf()))
    yield figures
    plt.close("all")


@pytest.fixture
def imshow_calls(monkeypatch):
    """Every array given to ``Axes.imshow``, with its keyword arguments, in the order drawn."""
    calls = []
    original = Axes.imshow

    def recording(self, X, *args, **kwargs):
        calls.append((np.array(X), kwargs))
        return original(self, X, *args, **kwargs)

    monkeypatch.setattr(Axes, "imshow", recording)
    return calls


def the_figure(shown):
    """The one figure a helper showed; it must have shown exactly one and left no other open."""
    assert len(shown) == 1, f"plt.show was called {len(shown)} times"
    assert plt.get_fignums() == [shown[0].number]
    return shown[0]


def luminance(color) -> float:
    """WCAG 2 relative luminance, written out here independently of the module's own."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in mcolors.to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def cell_under(ax, text: Text):
    """The colour drawn under a text placed on an image cell (the topmost image that is not empty there)."""
    x, y = text.get_position()
    i, j = round(y), round(x)
    for image in reversed(ax.images):
        data = np.ma.asarray(image.get_array())
        value = data[i, j]
        if data.ndim == 3:
            return tuple(value)
        if not np.ma.is_masked(value) and not np.isnan(value):
            return image.to_rgba(value)
    raise AssertionError(f"no cell under {text.get_text()!r}")


def cell_texts(ax) -> list[Text]:
    return [t for t in ax.texts if t.get_text().strip()] if ax.images else []


def assert_readable(fig) -> None:
    """Every text at least 8 pt and inside the figure; numbers on cells with a contrast of 4.5 or more; every
    image panel shows more than one colour (nothing blank) and is not clipped (nothing saturated)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        assert text.get_fontsize() >= 8, f"{text.get_text()!r} is {text.get_fontsize()} pt"
        box = text.get_window_extent(renderer)
        inside = box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1 and box.y0 >= frame.y0 - 1
        assert inside and box.y1 <= frame.y1 + 1, f"{text.get_text()!r} runs off the figure"
    for ax in fig.axes:
        for text in cell_texts(ax):
            ratio = contrast(text.get_color(), cell_under(ax, text))
            assert ratio >= 4.5, f"{text.get_text()!r}: contrast {ratio:.2f} on its cell"
        data = np.ma.asarray(ax.images[0].get_array()) if ax.images else None  # the panel's picture (not overlays)
        if data is not None and data.ndim == 2:
            vmin, vmax = ax.images[0].get_clim()
            said = cell_texts(ax) or ax.get_title().endswith("all 0")  # its numbers written, or said to be 0
            assert data.min() < data.max() or said, f"a blank panel: {ax.get_title()!r}"
            assert vmin <= data.min() and data.max() <= vmax, f"values clipped by the colour scale: {ax.get_title()!r}"


def image_axes(fig) -> list:
    return [ax for ax in fig.axes if ax.images]


def titled(fig, start: str):
    (ax,) = [ax for ax in fig.axes if ax.get_title().startswith(start)]
    return ax


def numbers(ax) -> np.ndarray:
    """The numbers written on an image's cells, as an array of the image's shape."""
    shape = np.ma.asarray(ax.images[0].get_array()).shape[:2]
    out = np.full(shape, np.nan)
    for text in cell_texts(ax):
        x, y = text.get_position()
        out[round(y), round(x)] = float(text.get_text())
    return out


# --------------------------------------------------------------------------------------------------------
# show_images: every kind of image the course passes


def shown_image(imshow_calls, index: int = 0):
    """(array, cmap) passed to imshow for the index-th image, checking the grey scale runs from 0 to 1."""
    array, kwargs = imshow_calls[index]
    assert kwargs["vmin"] == 0 and kwargs["vmax"] == 1
    return array, kwargs["cmap"]


def test_show_images_float_tensors_in_0_1_are_shown_as_they_are(shown, imshow_calls):
    x = torch.rand(2, 1, 8, 8)
    assert plotting.show_images(x, ["a", "b"]) is None
    the_figure(shown)
    for i in range(2):
        array, cmap = shown_image(imshow_calls, i)
        assert cmap == "gray" and array.shape == (8, 8)
        np.testing.assert_allclose(array, x[i, 0].numpy())


def test_show_images_uint8_tensors_count_0_to_255(shown, imshow_calls):
    """Lesson 05's photos: uint8, 3 x H x W; they used to come out white (clamped to [0, 1])."""
    photo = torch.randint(0, 256, (3, 12, 16), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    letter = torch.randint(0, 256, (1, 28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(1))
    plotting.show_images([photo, letter])
    the_figure(shown)
    array, cmap = shown_image(imshow_calls, 0)
    assert cmap is None and array.shape == (12, 16, 3)
    np.testing.assert_allclose(array, photo.permute(1, 2, 0).numpy() / 255, atol=1e-6)
    assert array.mean() < 0.75  # not a white square
    array, cmap = shown_image(imshow_calls, 1)
    assert cmap == "gray" and array.shape == (28, 28)
    np.testing.assert_allclose(array, letter[0].numpy() / 255, atol=1e-6)


def test_show_images_pil_images_rgb_grey_and_rgba(shown, imshow_calls):
    pixels = np.random.default_rng(0).integers(0, 256, (10, 14, 3), dtype=np.uint8)
    grey = pixels[:, :, 0]
    rgba = np.dstack([pixels, np.full((10, 14), 128, np.uint8)])
    plotting.show_images([Image.fromarray(pixels), Image.fromarray(grey), Image.fromarray(rgba, "RGBA")])
    the_figure(shown)
    (rgb_array, rgb_cmap), (grey_array, grey_cmap), (rgba_array, _) = (shown_image(imshow_calls, i) for i in range(3))
    assert rgb_cmap is None and grey_cmap == "gray"
    np.testing.assert_allclose(rgb_array, pixels / 255, atol=1e-6)
    np.testing.assert_allclose(grey_array, grey / 255, atol=1e-6)
    np.testing.assert_allclose(rgba_array, pixels / 255, atol=1e-6)


def test_show_images_numpy_arrays(shown, imshow_calls):
    rng = np.random.default_rng(0)
    grey_uint8 = rng.integers(0, 256, (6, 7), dtype=np.uint8)
    colour_uint8 = rng.integers(0, 256, (6, 7, 3), dtype=np.uint8)
    grey_float = rng.random((6, 7))
    colour_float = rng.random((6, 7, 3)).astype(np.float32)
    one_channel = rng.random((6, 7, 1))
    plotting.show_images([grey_uint8, colour_uint8, grey_float, colour_float, one_channel])
    the_figure(shown)
    expected = [
        (grey_uint8 / 255, "gray"),
        (colour_uint8 / 255, None),
        (grey_float, "gray"),
        (colour_float, None),
        (one_channel[:, :, 0], "gray"),
    ]
    for i, (want, want_cmap) in enumerate(expected):
        array, cmap = shown_image(imshow_calls, i)
        assert cmap == want_cmap and array.shape == want.shape
        np.testing.assert_allclose(array, want, atol=1e-6)


def test_show_images_stretches_each_normalised_image_to_its_own_range(shown, imshow_calls):
    """ImageNet-normalised photos (about -2 to 2.6) are mapped min..max -> 0..1 per image, not clipped."""
    mean = torch.tensor([0.485, 0.456, 0.406])[:, None, None]
    std = torch.tensor([0.229, 0.224, 0.225])[:, None, None]
    photos = torch.rand(2, 3, 9, 9, generator=torch.Generator().manual_seed(0))
    photos[1] *= 0.3  # a dark photo: its own range is smaller
    normalised = (photos - mean) / std
    plotting.show_images(normalised)
    the_figure(shown)
    for i in range(2):
        array, cmap = shown_image(imshow_calls, i)
        x = normalised[i].permute(1, 2, 0).numpy()
        assert cmap is None and array.min() == 0 and array.max() == 1
        np.testing.assert_allclose(array, (x - x.min()) / (x.max() - x.min()), atol=1e-6)
        assert len(np.unique(array.round(3))) > 100  # a picture, not a few clipped values


def test_show_images_float_grey_outside_0_1_and_a_tiny_overshoot(shown, imshow_calls):
    wide = torch.linspace(-3, 5, 16).view(1, 4, 4)
    overshoot = torch.tensor([[0.0, 0.5], [0.9, 1.004]])  # resizing can overshoot 1 a little: clipped, not stretched
    plotting.show_images([wide, overshoot])
    the_figure(shown)
    array, cmap = shown_image(imshow_calls, 0)
    assert cmap == "gray"
    np.testing.assert_allclose(array, ((wide[0] + 3) / 8).numpy(), atol=1e-6)
    array, _ = shown_image(imshow_calls, 1)
    np.testing.assert_allclose(array, [[0.0, 0.5], [0.9, 1.0]], atol=1e-6)


# --------------------------------------------------------------------------------------------------------
# The confusion matrix


def test_confusion_matrix_counts_are_readable_on_every_cell(shown):
    """Small and large counts: each count's colour has a contrast of at least 4.5 on its cell."""
    pairs = {(0, 1): 1, (0, 2): 3, (1, 0): 40, (1, 2): 120, (2, 0): 250, (2, 1): 8, (3, 0): 180, (3, 2): 60}
    true = [t for (t, _), n in pairs.items() for _ in range(n)] + [0, 1, 2, 3] * 30
    pred = [p for (_, p), n in pairs.items() for _ in range(n)] + [0, 1, 2, 3] * 30
    plotting.plot_confusion_matrix(torch.tensor(true), torch.tensor(pred), ["a", "b", "c", "d"])
    fig = the_figure(shown)
    ax = fig.axes[0]
    written = {(round(t.get_position()[1]), round(t.get_position()[0])): int(t.get_text()) for t in ax.texts}
    assert written == {(t, p): n for (t, p), n in pairs.items()}
    colors = set()
    for text in ax.texts:
        assert contrast(text.get_color(), cell_under(ax, text)) >= 4.5, text.get_text()
        colors.add(mcolors.to_hex(text.get_color()))
    assert colors == {"#ffffff", "#000000"}  # white on the dark cells, black on the light ones
    assert_readable(fig)


def test_confusion_matrix_colour_bar_counts_whole_images(shown):
    """With at most three mistakes in a square, the colour bar still marks only whole numbers of images."""
    true, pred = torch.tensor([0, 0, 0, 1, 2, 2, 3]), torch.tensor([1, 1, 1, 1, 0, 2, 3])
    plotting.plot_confusion_matrix(true, pred, ["a", "b", "c", "d"])
    fig = the_figure(shown)
    fig.canvas.draw()
    bar = fig.axes[-1]
    ticks = [t for t in bar.get_yticks() if bar.get_ylim()[0] <= t <= bar.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks


# --------------------------------------------------------------------------------------------------------
# Lesson 03's figures


def letter(size: int = 28) -> torch.Tensor:
    """A stand-in letter, 1 x 28 x 28 in [0, 1]: a bright bar and a ring on a grey, gently shaded ground."""
    rows, cols = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    image = 0.3 + 0.1 * cols / size
    image[4:24, 8:12] = 0.9
    ring = ((rows - 15) ** 2 + (cols - 18) ** 2).float().sqrt()
    image[(ring > 4) & (ring < 7)] = 0.75
    return image[None].float()


def written_result(ax) -> float:
    """The answer written at the end of a window's sum ("= 1.23: the orange output cell")."""
    text = next(t.get_text() for t in ax.texts if "output cell" in t.get_text())
    return float(text.splitlines()[-1].split()[1].rstrip(":"))


def test_show_convolution_draws_conv2d_of_the_patch(shown):
    image = letter()
    assert plotting.show_convolution(image, corner=(6, 4)) is None
    fig = the_figure(shown)
    assert len(fig.axes) == 4 + 2 * 3  # image, patch, kernel, output; then each window and its sum
    patch = (image[0, 6:14, 4:12] * 100).round() / 100  # drawn as written, with two decimals
    drawn_patch = np.ma.asarray(titled(fig, "2.").images[0].get_array())
    np.testing.assert_allclose(drawn_patch, patch.numpy())
    kernel = plotting.VERTICAL_EDGE_KERNEL
    np.testing.assert_allclose(np.ma.asarray(titled(fig, "3.").images[0].get_array()), kernel.numpy())
    expected = F.conv2d(patch[None, None], kernel[None, None])[0, 0].numpy()
    ax_out = titled(fig, "4.")
    np.testing.assert_allclose(np.ma.asarray(ax_out.images[0].get_array()), expected, atol=1e-6)
    np.testing.assert_allclose(numbers(ax_out), expected, atol=0.0051)  # written with two decimals
    sums = [t.get_text() for ax in fig.axes for t in ax.texts if "output cell" in t.get_text()]
    assert sums and all("= " in s and "≈" not in s for s in sums)  # each written sum adds up exactly
    np.testing.assert_allclose(numbers(titled(fig, "2.")), patch.numpy(), atol=0.0051)
    assert_readable(fig)


def test_show_convolution_each_outlined_answer_is_its_window_times_the_kernel(shown):
    image = letter()
    plotting.show_convolution(image[0])  # H x W works too; the patch and windows are chosen by the helper
    fig = the_figure(shown)
    patch = torch.from_numpy(np.ma.asarray(titled(fig, "2.").images[0].get_array()).astype(np.float32))
    out = F.conv2d(patch[None, None], plotting.VERTICAL_EDGE_KERNEL[None, None])[0, 0]
    ax_out = titled(fig, "4.")
    outlined = [(round(b.get_y() + 0.5), round(b.get_x() + 0.5)) for b in ax_out.patches]
    windows = [ax for ax in fig.axes if ax.get_title().endswith("window")]
    sums = [ax for ax in fig.axes if any("output cell" in t.get_text() for t in ax.texts)]
    assert len(outlined) == len(windows) == len(sums) == 3
    answers = [float(out[r, c]) for r, c in outlined]
    assert max(answers) == pytest.approx(float(out.max())) and min(answers) == pytest.approx(float(out.min()))
    for (r, c), ax_window, ax_sum in zip(outlined, windows, sums):
        window = np.ma.asarray(ax_window.images[0].get_array())
        np.testing.assert_allclose(window, patch[r : r + 3, c : c + 3].numpy())
        assert float((torch.from_numpy(window) * plotting.VERTICAL_EDGE_KERNEL).sum()) == pytest.approx(
            float(out[r, c])
        )
        assert written_result(ax_sum) == pytest.approx(float(out[r, c]), abs=0.006)
    assert out.max() > 1 and out.min() < -1  # the edges of the bar show up strongly
    assert_readable(fig)


def test_show_convolution_takes_another_kernel_and_refuses_bad_shapes(shown):
    kernel = [[0.1, 0.2, 0.1], [0.0, 0.0, 0.0], [-0.1, -0.2, -0.1]]
    plotting.show_convolution(letter(), kernel=kernel, corner=(2, 2), size=6, positions=[(0, 0), (3, 3)])
    fig = the_figure(shown)
    assert len(fig.axes) == 4 + 2 * 2
    patch = letter()[0, 2:8, 2:8]
    expected = F.conv2d(patch[None, None], torch.tensor(kernel)[None, None])[0, 0]
    np.testing.assert_allclose(np.ma.asarray(titled(fig, "4.").images[0].get_array()), expected.numpy(), atol=1e-6)
    assert_readable(fig)
    with pytest.raises(ValueError, match="3 x 3"):
        plotting.show_convolution(letter(), kernel=torch.ones(5, 5))
    with pytest.raises(ValueError, match="greyscale"):
        plotting.show_convolution(torch.rand(3, 28, 28))


def test_show_max_pooling_gives_max_pool2d(shown):
    assert plotting.show_max_pooling() is None
    fig = the_figure(shown)
    ax_in, ax_out = image_axes(fig)
    grid = numbers(ax_in)
    assert sorted(grid.flatten()) == list(range(1, 17))
    expected = F.max_pool2d(torch.tensor(grid)[None, None], 2, stride=2)[0, 0].numpy()
    np.testing.assert_array_equal(numbers(ax_out), expected)
    bold = sorted(float(t.get_text()) for t in cell_texts(ax_in) if t.get_fontweight() == "bold")
    assert bold == sorted(expected.flatten())
    # each output cell has the colour of its window
    in_colors = np.ma.asarray(ax_in.images[0].get_array())
    np.testing.assert_array_equal(np.ma.asarray(ax_out.images[0].get_array()), in_colors[::2, ::2])
    assert_readable(fig)


def test_show_max_pooling_of_a_given_grid(shown):
    grid = torch.arange(36.0).view(6, 6).flip(0) % 11
    plotting.show_max_pooling(grid)
    fig = the_figure(shown)
    ax_in, ax_out = image_axes(fig)
    np.testing.assert_array_equal(numbers(ax_in), grid.numpy())
    np.testing.assert_array_equal(numbers(ax_out), F.max_pool2d(grid[None, None], 2)[0, 0].numpy())
    assert_readable(fig)
    with pytest.raises(ValueError, match="even"):
        plotting.show_max_pooling(torch.zeros(5, 4))


def units(ax, gid: str) -> int:
    return sum(p.get_gid() == gid for p in ax.patches)


def dropped_units(ax) -> list[int]:
    """Which units of the layer are drawn switched off, counted from the top."""
    column = sorted((p for p in ax.patches if p.get_gid() in ("kept", "dropped")), key=lambda p: -p.center[1])
    return [i for i, p in enumerate(column) if p.get_gid() == "dropped"]


def test_show_dropout_switches_off_what_nn_dropout_zeroes_in_training_only(shown):
    before = torch.get_rng_state()
    assert plotting.show_dropout(p=0.5, n_units=10, seed=3) is None
    assert torch.equal(torch.get_rng_state(), before)  # seeded without touching the caller's random numbers
    fig = the_figure(shown)
    assert len(fig.axes) == 4
    full, step1, step2, evaluation = fig.axes
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(3)
        layer = nn.Dropout(0.5)
        expected = [torch.nonzero(layer(torch.ones(10)) == 0).flatten().tolist() for _ in range(2)]
    assert [dropped_units(step1), dropped_units(step2)] == expected
    assert expected[0] != expected[1] and all(expected)
    for ax in (full, evaluation):
        assert units(ax, "kept") == 10 and units(ax, "dropped") == 0 and units(ax, "next") == 4
    assert "train" in step1.get_title() and "eval" in evaluation.get_title()
    assert f"{len(expected[0])} of 10 switched off" in step1.get_xlabel()
    assert "= 2" in step1.get_xlabel()  # kept units are multiplied by 1 / (1 - p)
    assert_readable(fig)


def test_show_dropout_with_p_0_drops_nothing(shown):
    plotting.show_dropout(p=0.0, n_units=8, n_next=3)
    fig = the_figure(shown)
    assert [units(ax, "dropped") for ax in fig.axes] == [0, 0, 0, 0]
    assert [units(ax, "next") for ax in fig.axes] == [3, 3, 3, 3]


def test_show_filters_draws_each_kernel_on_its_own_symmetric_scale(shown):
    torch.manual_seed(0)
    conv = nn.Conv2d(1, 25, kernel_size=3, padding=1)
    assert plotting.show_filters(conv) is None
    fig = the_figure(shown)
    panels = image_axes(fig)
    assert len(panels) == 25
    for ax, kernel in zip(panels, conv.weight.detach()[:, 0]):
        np.testing.assert_allclose(np.ma.asarray(ax.images[0].get_array()), kernel.numpy())
        reach = float(kernel.abs().max())
        np.testing.assert_allclose(ax.images[0].get_clim(), (-reach, reach), rtol=1e-6)
    assert_readable(fig)


def test_show_filters_finds_the_first_conv_and_refuses_several_input_channels(shown):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 6, 3), nn.ReLU(), nn.Conv2d(6, 4, 3))
    plotting.show_filters(model)
    assert len(image_axes(the_figure(shown))) == 6
    with pytest.raises(ValueError, match="one input channel"):
        plotting.show_filters(nn.Conv2d(3, 4, 3))


def test_show_feature_maps_runs_in_eval_mode_and_restores_each_layer(shown):
    torch.manual_seed(0)
    block = nn.Sequential(nn.Conv2d(1, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU(), nn.MaxPool2d(2))
    with torch.no_grad():
        block[1].running_mean.uniform_(-0.2, 0.2)
    block.train()
    block[2].eval()  # a mix of modes, each to be put back
    stats = block[1].running_mean.clone()
    image = letter()
    assert plotting.show_feature_maps(block, image) is None
    assert [m.training for m in block.modules()] == [True, True, True, False, True]
    assert torch.equal(block[1].running_mean, stats)  # evaluation mode: BatchNorm's statistics untouched
    fig = the_figure(shown)
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert len(panels) == 1 + 6
    np.testing.assert_allclose(np.ma.asarray(panels[0].images[0].get_array()), image[0].numpy())
    block.eval()
    with torch.no_grad():
        expected = block(image[None])[0]
    drawn = [ax for ax in panels[1:] if ax.images]
    assert [ax.get_title() for ax in panels[1:]] == [f"channel {k}" for k in range(1, 7)]
    for ax, fmap in zip(panels[1:], expected):
        if fmap.max() > 0:  # after ReLU: from black (0) to white (the map's largest value)
            np.testing.assert_allclose(np.ma.asarray(ax.images[0].get_array()), fmap.numpy(), atol=1e-6)
            assert ax.images[0].get_clim() == pytest.approx((0, float(fmap.max())))
        else:  # a map of zeros is said in words, not drawn as a black square
            assert not ax.images and [t.get_text() for t in ax.texts] == ["0 everywhere"]
    assert 0 < len(drawn) < 6
    assert "14 x 14" in fig._suptitle.get_text()
    assert_readable(fig)


def test_show_feature_maps_of_a_conv_alone_and_of_a_whole_network(shown):
    torch.manual_seed(0)
    conv = nn.Conv2d(1, 4, 3, padding=1)
    plotting.show_feature_maps(conv, letter()[0])  # an H x W image is accepted too
    fig = the_figure(shown)
    panels = image_axes(fig)
    assert len(panels) == 1 + 4
    with torch.no_grad():
        expected = conv(letter()[None])[0]
    for ax, fmap in zip(panels[1:], expected):
        np.testing.assert_allclose(np.ma.asarray(ax.images[0].get_array()), fmap.numpy(), atol=1e-6)
        assert ax.images[0].get_cmap().name == "RdBu_r"  # signed maps: blue below 0, red above
    assert conv.training
    assert_readable(fig)
    with pytest.raises(ValueError, match="first layers"):
        plotting.show_feature_maps(nn.Sequential(conv, nn.Flatten(), nn.Linear(4 * 28 * 28, 3)), letter())


def test_show_feature_maps_writes_a_nearly_silent_map_in_words(shown):
    """A map that is 0 but for a few pixels would be a black square (the figure watch calls it blank)."""
    conv = nn.Conv2d(1, 2, 1)
    with torch.no_grad():
        conv.weight.fill_(1.0)
        conv.bias.copy_(torch.tensor([0.0, -0.99]))
    image = torch.zeros(1, 28, 28)
    image[0, :, :14] = 0.5  # channel 1: half the picture
    image[0, 3, 3:6] = 1.0  # channel 2: only these 3 pixels clear the bias
    plotting.show_feature_maps(nn.Sequential(conv, nn.ReLU()), image)
    fig = the_figure(shown)
    one, two = [ax for ax in fig.axes if ax.get_title().startswith("channel")]
    assert one.images and not one.texts
    assert not two.images and two.texts[0].get_text() == "0 at 781\nof 784 pixels"
    assert_readable(fig)


# --------------------------------------------------------------------------------------------------------
# In a notebook


def _image_outputs(cell) -> list[str]:
    return [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


@pytest.mark.slow
def test_plot_helpers_show_each_figure_once(tmp_path):
    """Called on a cell's last line, a plotting helper leaves one picture, not a second copy as the cell's value."""
    cells = [
        "import torch\nfrom utils.plotting import show_images, plot_history, plot_confusion_matrix\n"
        "from utils.training import History\n%matplotlib inline",
        "show_images(torch.rand(4, 1, 8, 8), ['a', 'b', 'c', 'd'], ncols=4)",
        "h = History().add_epoch(1.0, 0.5, 1.1, 0.4, 1.0).add_epoch(0.8, 0.6, 0.9, 0.5, 1.0)\nplot_history(h)",
        "plot_confusion_matrix(torch.tensor([0, 1, 1, 2]), torch.tensor([0, 2, 1, 2]), ['a', 'b', 'c'])",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    path = tmp_path / "plots.ipynb"
    nbformat.write(nb, path)
    ran = notebooks.execute(path, timeout=120)
    assert [len(_image_outputs(c)) for c in ran.cells[1:]] == [1, 1, 1]
    assert not any(o.get("output_type") == "execute_result" for c in ran.cells for o in c.outputs)
