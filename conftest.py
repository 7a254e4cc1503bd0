"""nbval support for the notebooks in notebooks/ (kept here, so the learner's file browser shows only lessons).

nbval runs each notebook as the course's runner does, with two things added in memory only:

- parameters: the values ``run_parameters`` gives (``BACKBONE`` from ``FDL_BACKBONE``), injected after the
  notebook's ``parameters`` cell, papermill's way;
- the outputs to compare: committed notebooks hold no outputs (none may give an answer away), so the
  outputs recorded for the cells tagged ``nbval-check-output`` (``tests/expected_outputs.json``, written by
  ``python -m utils.tools.notebooks record``) are put into those cells, marked as run, for nbval to compare.
"""

from pathlib import Path

import nbformat
import nbval.plugin

from utils.tools.notebooks import expected_outputs, is_checked, with_parameters


def _prepared(nb, path):
    recorded = expected_outputs().get(Path(path).name, {})
    for cell in nb.cells:
        if cell.cell_type == "code" and is_checked(cell) and cell.get("id") in recorded:
            cell.outputs = [nbformat.from_dict(o) for o in recorded[cell["id"]]]
            cell.execution_count = 1
    return with_parameters(nb)


class _NbformatWithOutputs:
    """nbformat as nbval's plugin sees it: ``read`` puts in the runner's parameters and the recorded outputs."""

    def __getattr__(self, name):
        return getattr(nbformat, name)

    @staticmethod
    def read(path, *args, **kwargs):
        return _prepared(nbformat.read(path, *args, **kwargs), path)


# nbval's collector reads every .ipynb with nbval.plugin.nbformat.read. (Replacing nbval's IPyNbFile by a
# subclass instead recurses: IPyNbFile.__init__ calls super(IPyNbFile, self), which then names the subclass.)
nbval.plugin.nbformat = _NbformatWithOutputs()
