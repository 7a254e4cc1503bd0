"""Expected failures shown as one line (from lesson 01 on): missing data, a bad model file, a bad photo, a bad setting.

Every such error of the course derives from ``CourseError``. Its message is one line that names the
file or setting and the fix. In a notebook, IPython shows that line instead of a traceback (through
the ``_render_traceback_`` hook IPython looks for on exceptions), so the useful sentence is not buried
under forty lines of the course's own code. The command line and the web app print the same line.
"""

from __future__ import annotations


def one_line(text) -> str:
    """A message or file name on one line, whatever characters (newlines, say) a file name holds."""
    return str(text).replace("\r", "\\r").replace("\n", "\\n")


class CourseError(Exception):
    """An expected failure whose message is the whole story: one line naming what is wrong and the fix."""

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of formatting a traceback: the cell's error output is this one line.
        return [f"\x1b[1;31m{type(self).__name__}\x1b[0m: {one_line(self)}"]
