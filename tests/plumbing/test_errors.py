"""One-line errors (utils.plumbing.errors): every expected failure of the course is a ``CourseError``, which a
notebook shows as its one line instead of a traceback; ``one_line`` keeps a message on one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from utils.plumbing.checkpoints import ModelFileError
from utils.plumbing.downloads import DataError
from utils.plumbing.errors import CourseError, one_line
from utils.plumbing.images import ImageError
from utils.plumbing.settings import SettingError
from utils.pretrained import BackboneError
from utils.tools.notebooks import NotebookError

from helpers import REPO

EXPECTED_ERRORS = [SettingError, DataError, ModelFileError, ImageError, BackboneError, NotebookError]


@pytest.mark.parametrize("error", EXPECTED_ERRORS, ids=lambda e: e.__name__)
def test_every_expected_error_is_a_course_error(error):
    assert issubclass(error, CourseError) and issubclass(error, Exception)


@pytest.mark.parametrize("error", EXPECTED_ERRORS, ids=lambda e: e.__name__)
def test_the_traceback_ipython_shows_is_one_line(error):
    err = error("could not get sets/p.bin (needed at data/two\nlines). Fix: set FDL_MIRROR")
    lines = err._render_traceback_()
    assert len(lines) == 1 and "\n" not in lines[0]
    assert error.__name__ in lines[0] and lines[0].endswith(
        "could not get sets/p.bin (needed at data/two\\nlines). Fix: set FDL_MIRROR"
    )


def test_one_line_escapes_line_breaks():
    assert one_line("two\nlines\r") == "two\\nlines\\r"
    assert one_line(ValueError("a\nb")) == "a\\nb"
    assert one_line("plain") == "plain"


def test_ipython_shows_a_course_error_as_its_line_and_any_other_as_a_traceback():
    """In IPython (a notebook's kernel), a course error raised deep in the package's code is one line."""
    code = r"""
import contextlib, io
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance(colors="nocolor")
for cell in ("from utils.plumbing.downloads import DataError\n"
             "def deep():\n    raise DataError('could not get x (needed at y). Fix: z')\n"
             "def deeper():\n    deep()\n"
             "deeper()",
             "raise KeyError('other')"):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        shell.run_cell(cell)
    print(repr(out.getvalue()))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    course, other = [eval(line) for line in result.stdout.strip().splitlines()]
    assert course.strip().splitlines()[-1].endswith("DataError\x1b[0m: could not get x (needed at y). Fix: z")
    assert len(course.strip().splitlines()) == 1 and "deeper" not in course and "Traceback" not in course
    assert "Traceback" in other and "KeyError" in other
