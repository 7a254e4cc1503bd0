"""Does a figure show what it should? Rules every picture of the course must meet, and a hook that applies them to
each figure a notebook shows.

``tests/test_handouts.py`` puts a first cell into every handout it runs that calls ``watch(notebook)``: from then
on every figure the kernel renders (the inline backend renders each displayed figure, whether ``plt.show()``
shows it or the end of the cell does, through ``FigureCanvasBase.print_figure``, which ``watch`` wraps) is
checked once drawn, and each problem found is appended as one JSON line to the file that the environment
variable ``FDL_FIGURE_REPORT`` names (with one ``"rule": "shown"`` line per figure, so that the test can tell
that every figure was seen). The same checks run on a figure of one's own with ``check(fig)``.

The rules, each with its threshold (module constants below):

``blank``
    A panel shows nothing. An image panel (an Axes holding images) is blank when the colours it shows are
    nearly uniform: over the cells that hold a value (NaN, masked and fully transparent cells are not part of
    the panel: a confusion matrix's diagonal is drawn as its own image, NaN everywhere else) and after dropping
    the ``TRIM`` (1 %) most extreme values at each end, every colour channel spans less than ``BLANK_SPREAD``
    (4/255). All the images of one Axes count together (the confusion matrix's grey diagonal and its red
    mistakes are one panel). An Axes without images is blank when it is visibly there (axis lines or a title)
    and holds no data at all: no line with a finite point, no collection, patch or text. An Axes switched off
    with nothing in it (the unused places of a grid) is no panel.
``saturated``
    Most of an image panel is at the top of its display range: more than ``SATURATED_SHARE`` (50 %) of its
    cells are at the top, for a colour-mapped image a value the norm maps to 1 or above (clipped), for an RGB(A)
    image a pixel whose every colour channel is at its maximum (1.0 for floats, 255 for integers), i.e. shown
    white. Photos stored 0-255 but shown as floats clipped to [0, 1] are this case. Only the top counts:
    large dark areas (MNIST's black background, the black corners of a rotated image) are normal. A panel
    that is saturated is not also reported as blank.
``small-text``
    A text drawn smaller than ``MIN_FONT_PT`` (7 pt), at the figure's own size: titles, axis labels, tick
    labels, legends, numbers written on cells.
``cut-off``
    A text that reaches outside the rendered picture by more than ``CUT_TOLERANCE_PX`` (1 pixel), so part of
    it is not shown. (The inline backend saves with ``bbox_inches="tight"``, which grows the picture to hold
    every text; this catches the figures saved or shown without it.)
``low-contrast``
    A text written on an image cell (its centre over a cell that holds a value, inside the Axes, such as the
    counts of a confusion matrix) whose colour has a WCAG 2 contrast ratio below ``MIN_CONTRAST`` (4.5:1, WCAG
    AA for normal text) against the colour of the cell under it (or of the text's own box, when it has an
    opaque one). Texts on the plain background (titles coloured green or red) are not judged.
``analysis-error``
    The checks themselves failed on a figure (the notebook goes on; the test shows the error).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.colors as mcolors
import numpy as np
from IPython import get_ipython
from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

#: The environment variable naming the JSON-lines file that ``watch`` appends its records to.
REPORT_ENV = "FDL_FIGURE_REPORT"

#: ``blank``: an image panel whose every colour channel spans less than this (0..1 scale) is nearly uniform.
BLANK_SPREAD = 4 / 255
#: ``blank``: the share of cells dropped at each end before measuring the spread (single stray pixels).
TRIM = 0.01
#: ``saturated``: an image panel with more than this share of its cells at the top of its range.
SATURATED_SHARE = 0.5
#: ``small-text``: the smallest font size, in points, that reads.
MIN_FONT_PT = 7.0
#: ``cut-off``: how far (pixels) a text may reach past the picture's edge (antialiasing, rounding).
CUT_TOLERANCE_PX = 1.0
#: ``low-contrast``: the lowest WCAG contrast ratio between a text and the image cell under it.
MIN_CONTRAST = 4.5
#: How many examples a problem's line names at most.
EXAMPLES = 4

RULES = ("blank", "saturated", "small-text", "cut-off", "low-contrast", "analysis-error")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one figure: the rule it breaks and a one-line description."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass
class _Drawn:
    """A text as it was drawn in the final rendering (display coordinates of that rendering)."""

    text: object
    extent: object  # Bbox of the text, in pixels of the picture
    picture: object  # Bbox of the whole picture, same coordinates
    in_axes: bool  # the text's centre lies inside its Axes
    centre_data: tuple[float, float] | None  # the text's centre in its Axes' data coordinates


@dataclass
class _Recorder:
    texts: dict[int, _Drawn] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------------
# Colours


def relative_luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0..1 floats."""
    c = np.asarray(rgb, dtype=float)[:3]
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(a, b) -> float:
    """WCAG 2 contrast ratio of two colours (0..1 RGB): 1 (the same) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(float(v) * 255):02x}" for v in np.clip(np.asarray(rgb)[:3], 0, 1))


def _over(rgba, background) -> np.ndarray:
    """An RGBA colour (or an N x 4 array) blended over an opaque background colour; RGB out."""
    rgba = np.asarray(rgba, dtype=float)
    alpha = rgba[..., 3:4]
    return rgba[..., :3] * alpha + np.asarray(background, dtype=float)[:3] * (1 - alpha)


# --------------------------------------------------------------------------------------------------------
# Images: the colours a panel shows, and how many of its cells are at the top of their range


def _image_cells(image, background):
    """(colours N x 3 in 0..1, at_top N bools) of the cells of one AxesImage that hold a value, as shown."""
    data = image.get_array()
    if data is None:
        return np.zeros((0, 3)), np.zeros(0, bool)
    data = np.ma.asarray(data)
    alpha = image.get_alpha()
    if data.ndim == 2:  # colour-mapped
        valid = ~np.ma.getmaskarray(data) & np.isfinite(np.ma.getdata(data))
        values = np.ma.getdata(data)[valid].astype(float)
        scaled = np.asarray(image.norm(values), dtype=float)
        rgba = np.asarray(image.cmap(np.ma.masked_invalid(scaled)), dtype=float).reshape(-1, 4)
        at_top = scaled >= 1 - 1e-6
    else:  # RGB or RGBA, shown as it is
        high = 255.0 if np.issubdtype(data.dtype, np.integer) else 1.0
        mask = np.ma.getmaskarray(data)
        valid = ~mask.any(axis=-1) & np.isfinite(np.ma.getdata(data)).all(axis=-1)
        pixels = np.clip(np.ma.getdata(data)[valid].astype(float) / high, 0, 1)
        if pixels.shape[-1] == 3:
            pixels = np.concatenate([pixels, np.ones((len(pixels), 1))], axis=-1)
        keep = pixels[:, 3] > 0  # a fully transparent pixel shows nothing of its own
        pixels = pixels[keep]
        rgba = pixels
        at_top = (pixels[:, :3] >= 1 - 1e-6).all(axis=-1)
    if alpha is not None and np.ndim(alpha) == 0:
        rgba = rgba.copy()
        rgba[:, 3] *= float(alpha)
    return _over(rgba, background), at_top


def _cell_colour(image, x: float, y: float, background):
    """The colour (RGB, 0..1) shown by ``image`` at data point (x, y), or None where it shows nothing there."""
    data = image.get_array()
    if data is None:
        return None
    data = np.ma.asarray(data)
    rows, cols = data.shape[:2]
    left, right, bottom, top = image.get_extent()
    if right == left or top == bottom:
        return None
    col = int(np.floor((x - left) / (right - left) * cols))
    first = top if image.origin == "upper" else bottom  # the data coordinate where row 0 is drawn
    last = bottom if image.origin == "upper" else top
    row = int(np.floor((y - first) / (last - first) * rows))
    if not (0 <= row < rows and 0 <= col < cols):
        return None
    value = data[row, col]
    if data.ndim == 2:
        if np.ma.is_masked(value) or not np.isfinite(float(value)):
            return None
        rgba = np.asarray(image.to_rgba(np.array([[float(value)]]), alpha=image.get_alpha()), dtype=float)[0, 0]
        if rgba.max() > 1:  # to_rgba may hand back bytes
            rgba = rgba / 255
    else:
        if np.ma.is_masked(value) and np.ma.getmaskarray(value).any():
            return None
        high = 255.0 if np.issubdtype(data.dtype, np.integer) else 1.0
        rgba = np.clip(np.ma.getdata(value).astype(float) / high, 0, 1)
        if rgba.shape[0] == 3:
            rgba = np.append(rgba, 1.0)
        if rgba[3] == 0:
            return None
    return _over(rgba, background)


# --------------------------------------------------------------------------------------------------------
# Naming things


def _short(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def figure_title(fig) -> str:
    """What a reader would call the figure: its suptitle, else its panels' titles, else its size."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_visible() and sup.get_text().strip():
        return _short(sup.get_text(), 80)
    titles = [t for ax in fig.get_axes() if (t := ax.get_title().strip())]
    if titles:
        more = f" … ({len(titles)} panels)" if len(titles) > 3 else ""
        return _short(" | ".join(titles[:3]), 80) + more
    width, height = fig.get_size_inches()
    return f"untitled {width:g}x{height:g} in figure"


def _panel_name(ax, index: int) -> str:
    title = ax.get_title().strip() or ax.get_title(loc="left").strip() or ax.get_title(loc="right").strip()
    return repr(_short(title, 30)) if title else f"panel {index + 1}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:EXAMPLES])
    return shown + (f", … ({len(names) - EXAMPLES} more)" if len(names) > EXAMPLES else "")


# --------------------------------------------------------------------------------------------------------
# The rules


def _axes_of(fig):
    seen, found = set(), []
    for ax in fig.findobj(lambda a: isinstance(a, Axes)):
        if id(ax) not in seen:
            seen.add(id(ax))
            found.append(ax)
    return found


def _has_data(ax) -> bool:
    for line in ax.get_lines():
        if line.get_visible():
            xy = np.asarray(line.get_xydata(), dtype=float)
            if xy.size and np.isfinite(xy).all(axis=-1).any():
                return True
    for coll in ax.collections:
        if coll.get_visible() and (len(coll.get_paths()) or len(coll.get_offsets())):
            return True
    if any(p.get_visible() for p in ax.patches):
        return True
    if any(t.get_visible() and t.get_text().strip() for t in ax.texts):
        return True
    return any(a.get_visible() for a in ax.artists)


def _panel_problems(fig) -> list[Problem]:
    blank, saturated, empty = [], [], []
    panels = 0
    for index, ax in enumerate(_axes_of(fig)):
        if not ax.get_visible():
            continue
        images = [im for im in ax.get_images() if im.get_visible()]
        titled = bool(ax.get_title().strip() or ax.get_title(loc="left").strip() or ax.get_title(loc="right").strip())
        if not images:
            if _has_data(ax):
                continue
            if ax.axison or titled:  # the reader sees a frame or a title over nothing
                empty.append(_panel_name(ax, index))
            continue
        panels += 1
        background = np.asarray(ax.patch.get_facecolor(), dtype=float)
        if background[3] < 1:
            background = _over(background, fig.patch.get_facecolor())
        colours, tops = [], []
        for image in sorted(images, key=lambda im: im.get_zorder()):
            c, t = _image_cells(image, background)
            colours.append(c)
            tops.append(t)
        colours, tops = np.concatenate(colours), np.concatenate(tops)
        name = _panel_name(ax, index)
        if len(colours) == 0:
            blank.append(f"{name} (no cell holds a value)")
            continue
        share = float(tops.mean())
        if share > SATURATED_SHARE:
            saturated.append((name, share))
            continue
        low, high = np.quantile(colours, [TRIM, 1 - TRIM], axis=0)
        spread = float((high - low).max())
        if spread < BLANK_SPREAD:
            blank.append(f"{name} (all {_hex(np.median(colours, axis=0))})")
    found = []
    if saturated:
        shares = [s for _, s in saturated]
        low, high = min(shares), max(shares)
        how = f"{low:.0%}" if round(low * 100) == round(high * 100) else f"{low:.0%} to {high:.0%}"
        found.append(
            Problem(
                "saturated",
                f"{len(saturated)} of {panels} image panels mostly at the top of their display range "
                f"({how} of their cells; white where the image is RGB): {_names([n for n, _ in saturated])}",
            )
        )
    if blank:
        found.append(Problem("blank", f"{len(blank)} of {panels} image panels nearly uniform: {_names(blank)}"))
    if empty:
        found.append(
            Problem("blank", f"{_count(len(empty), 'panel')} with axes or a title but no data: {_names(empty)}")
        )
    return found


def _text_problems(fig, drawn: dict[int, _Drawn]) -> list[Problem]:
    small, cut, dim = [], [], []
    judged_on_cells = 0
    for item in drawn.values():
        text = item.text
        if text.get_figure(root=True) is not fig:
            continue
        words = _short(text.get_text(), 30)
        size = float(text.get_fontsize())
        if size < MIN_FONT_PT - 1e-9:
            small.append((size, words))
        e, p = item.extent, item.picture
        sides = [
            side
            for side, out in (
                ("left", p.x0 - e.x0),
                ("right", e.x1 - p.x1),
                ("bottom", p.y0 - e.y0),
                ("top", e.y1 - p.y1),
            )
            if out > CUT_TOLERANCE_PX
        ]
        if sides:
            cut.append(f"{words!r} ({'/'.join(sides)} edge)")
        ax = text.axes
        if ax is None or not item.in_axes or item.centre_data is None:
            continue
        background = np.asarray(ax.patch.get_facecolor(), dtype=float)
        if background[3] < 1:
            background = _over(background, fig.patch.get_facecolor())
        under = None
        for image in sorted(
            (im for im in ax.get_images() if im.get_visible()), key=lambda im: im.get_zorder(), reverse=True
        ):
            under = _cell_colour(image, *item.centre_data, background[:3])
            if under is not None:
                break
        if under is None:
            continue
        box = text.get_bbox_patch()
        if box is not None and box.get_visible() and box.get_facecolor()[3] >= 0.5:
            under = _over(box.get_facecolor(), under)
        judged_on_cells += 1
        colour = np.asarray(mcolors.to_rgba(text.get_color(), text.get_alpha()), dtype=float)
        ratio = contrast_ratio(_over(colour, under), under)
        if ratio < MIN_CONTRAST:
            dim.append((ratio, words, _hex(colour), _hex(under)))
    found = []
    if small:
        sizes = sorted({s for s, _ in small})
        found.append(
            Problem(
                "small-text",
                f"{_count(len(small), 'text')} smaller than {MIN_FONT_PT:g} pt "
                f"({', '.join(f'{s:g}' for s in sizes)} pt): {_names([repr(w) for _, w in small])}",
            )
        )
    if cut:
        found.append(Problem("cut-off", f"{_count(len(cut), 'text')} cut off at the picture's edge: {_names(cut)}"))
    if dim:
        dim.sort()
        worst = dim[0]
        found.append(
            Problem(
                "low-contrast",
                f"{len(dim)} of {_count(judged_on_cells, 'text')} on image cells have a contrast below "
                f"{MIN_CONTRAST:g}:1 "
                f"(worst {worst[0]:.1f}:1, {worst[1]!r} in {worst[2]} on {worst[3]}; "
                f"also {_names([f'{w!r} {r:.1f}:1' for r, w, _, _ in dim[1:]]) or 'no other'})",
            )
        )
    return found


def check_drawn(fig, drawn: dict[int, _Drawn]) -> list[Problem]:
    """The problems of a figure just rendered, ``drawn`` being what ``_recording_texts`` saw of its texts."""
    return _panel_problems(fig) + _text_problems(fig, drawn)


# --------------------------------------------------------------------------------------------------------
# Seeing what a rendering draws


@contextlib.contextmanager
def _recording_texts():
    """Within: every Text drawn is recorded, the last drawing of each text winning (``bbox_inches="tight"``
    draws the figure twice, the second time as the picture is saved)."""
    recorder = _Recorder()
    original = Text.draw

    def draw(text, renderer, *args, **kwargs):
        result = original(text, renderer, *args, **kwargs)
        try:
            if renderer is not None and text.get_visible() and text.get_text().strip():
                fig = text.get_figure(root=True)
                extent = text.get_window_extent(renderer).frozen()
                cx, cy = (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2
                ax = text.axes
                in_axes = ax is not None and ax.bbox.contains(cx, cy)
                centre = tuple(ax.transData.inverted().transform((cx, cy))) if in_axes else None
                recorder.texts[id(text)] = _Drawn(text, extent, fig.bbox.frozen(), in_axes, centre)
        except Exception:  # recording must never break a drawing
            pass
        return result

    Text.draw = draw
    try:
        yield recorder
    finally:
        Text.draw = original


def check(fig, **print_kwargs) -> list[Problem]:
    """Render ``fig`` to PNG in memory (``print_kwargs`` as for ``print_figure``, e.g. ``bbox_inches="tight"``
    as the inline backend does) and return its problems."""
    if type(fig.canvas) is FigureCanvasBase:
        FigureCanvasAgg(fig)
    with _recording_texts() as recorder:
        fig.canvas.print_figure(io.BytesIO(), **{"format": "png", **print_kwargs})
    return check_drawn(fig, recorder.texts)


def _current_cell() -> int | None:
    """The execution count of the cell running now (IPython counts a cell before running it), or None."""
    shell = get_ipython()
    return None if shell is None else int(shell.execution_count) - 1


def watch(notebook: str, report: str | os.PathLike | None = None):
    """Check every figure this process renders from now on; append the records to ``report`` (default: the
    file ``$FDL_FIGURE_REPORT`` names; nothing is checked when neither is given). Returns a function that
    stops watching. Prints nothing.

    Each record is one JSON object per line: ``notebook``, ``cell`` (the execution count of the cell that
    rendered the figure, None outside IPython), ``figure`` (its title), ``rule`` (``shown`` once per figure
    rendered, else the rule broken) and ``problem`` (one line, empty for ``shown``).
    """
    report = report or os.environ.get(REPORT_ENV)
    if not report:
        return lambda: None
    report = Path(report)
    original = FigureCanvasBase.print_figure
    busy = []

    def print_figure(canvas, *args, **kwargs):
        if busy:  # a rendering inside a rendering: checked by the outer one
            return original(canvas, *args, **kwargs)
        busy.append(True)
        try:
            with _recording_texts() as recorder:
                result = original(canvas, *args, **kwargs)
            fig = canvas.figure
            try:
                found = check_drawn(fig, recorder.texts)
            except Exception as err:  # the checks must never break the lesson; the test shows this
                found = [Problem("analysis-error", f"{type(err).__name__}: {_short(err, 200)}")]
            base = {"notebook": notebook, "cell": _current_cell(), "figure": figure_title(fig)}
            lines = [{**base, "rule": "shown", "problem": ""}]
            lines += [{**base, "rule": p.rule, "problem": p.message} for p in found]
            with report.open("a", encoding="utf-8") as f:
                for line in lines:
                    f.write(json.dumps(line, ensure_ascii=False) + "\n")
            return result
        finally:
            busy.clear()

    print_figure.__wrapped__ = original
    FigureCanvasBase.print_figure = print_figure

    def stop():
        FigureCanvasBase.print_figure = original

    return stop


def read_report(path: str | os.PathLike) -> list[dict]:
    """The records ``watch`` wrote to ``path`` (none if it wrote nothing)."""
    path = Path(path)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
