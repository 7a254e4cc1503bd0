"""The plotting helpers (utils.plotting), as a notebook shows them."""

from __future__ import annotations

import nbformat
import pytest

from utils.tools import notebooks


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
