"""nbval support for the notebooks in notebooks/ (kept here, so the learner's file browser shows only lessons).

Notebooks are committed without execution counts. nbval, though, ignores (and fails on) the stored
output of a cell whose count is empty, taking it for a cell that never ran. So every cell tagged
``nbval-check-output`` that carries outputs is marked as run here, at collection time, in memory only.
"""
from utils.notebook_tools import is_checked


def pytest_collection_modifyitems(items):
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is not None and cell.get("cell_type") == "code" and cell.get("outputs") and is_checked(cell):
            if cell.get("execution_count") is None:
                cell["execution_count"] = 1
