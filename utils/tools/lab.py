"""JupyterLab for the course (no lesson): ``make lab``'s server, its browser test and ``make lab-screenshot``.

``python -m utils.tools.lab [jupyter lab options]`` (``make lab``) starts JupyterLab on ``notebooks/`` with
what a learner should not meet turned off for this server only (the learner's own settings elsewhere stay
as they are):

- the question "Would you like to get notified about official Jupyter news?" that JupyterLab 4 asks on a
  first open: the defaults in ``lab_config/labconfig/default_setting_overrides.json`` (on
  ``JUPYTER_CONFIG_PATH``) say "never fetch news" and "never check for updates";
- the server's own requests to the internet for that news feed and for a newer JupyterLab on PyPI:
  ``LAB_OPTIONS`` (``--LabApp.news_url=None``, ``--LabApp.check_for_updates_class=...NeverCheckForUpdate``).

For the browser test (``tests/tools/test_lab.py``) and ``python -m utils.tools.lab screenshot``,
``running_lab`` starts the same server in a child process on a free loopback port with a token, in empty
settings, workspace and runtime folders (so JupyterLab looks as it does on a learner's first open), on a
copy of the notebooks (``served_copy``: nothing a run or an autosave does reaches the checkout). The page
is Debian's Chromium, driven by Playwright (``utils.tools.screenshots.browser_page``); the helpers below
open a notebook, click "Run All Cells", type into a cell, and read what each cell shows.

``python -m utils.tools.lab screenshot [folder]`` (``make lab-screenshot``) photographs exercise 02.1 with
a wrong answer, its check's hint and the collapsed solution, for the README: ``notebooks/images/lab_exercise.png``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..plumbing import settings
from .notebooks import NOTEBOOK_DIR, lesson_notebooks
from .screenshots import browser_page, drain, free_port

#: The server's side of "no news, no update check": it fetches no news feed and never asks PyPI.
LAB_OPTIONS = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
#: A folder on ``JUPYTER_CONFIG_PATH`` whose ``labconfig/default_setting_overrides.json`` turns the news
#: question and the update check off in the page (defaults only: a learner can still turn them on).
LAB_CONFIG = Path(__file__).resolve().parent / "lab_config"
#: The size of the browser window the test and the screenshot use.
WINDOW = {"width": 1400, "height": 900}
SCREENSHOT = "lab_exercise.png"

# --------------------------------------------------------------------------------------------------------
# The page's state, read through JupyterLab's own objects (the test's server sets expose_app_in_browser)

#: True once JupyterLab has drawn every cell of notebook ``nb``: it attaches them a few at a time while the
#: browser is idle, and draws a collapsed input's placeholder ("# Solution ...") after that.
_RENDERED = "(nb) => nb.widgets.length > 0 && nb.widgets.every(c => c.isAttached && !c.isPlaceholder() "
_RENDERED += "&& (!c.inputHidden || !!c.node.querySelector('.jp-InputPlaceholder')))"

#: The notebook in the main area: its panel, or null while none is open.
_PANEL = "(() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget; "
_PANEL += "return w && w.content && w.content.widgets && w.sessionContext ? w : null; })()"

#: True once the notebook's kernel is idle and no cell is running or waiting to run.
IDLE = f"""() => {{
  const panel = {_PANEL};
  if (!panel) return false;
  const session = panel.sessionContext.session;
  if (!session || !session.kernel || session.kernel.status !== 'idle') return false;
  return !panel.content.widgets.some(c => c.model.type === 'code'
    && (c.model.executionState === 'running' || (c.promptNode && c.promptNode.textContent.includes('*'))));
}}"""

#: The execution count of every cell (null for markdown and for cells not run), to see that a run has begun.
COUNTS = f"() => {_PANEL}.content.widgets.map(c => c.model.type === 'code' ? c.model.executionCount : null)"

#: What every cell is and shows, read once JupyterLab has drawn every cell (``_RENDERED``; an error after
#: 10 s) and all in one go, with no wait between two cells: its notebook JSON (source, tags, outputs);
#: whether its input shows (a collapsed one shows a placeholder instead); which <details> blocks are open
#: and what text shows outside them; the text of its editor and of its outputs (``textContent``: JupyterLab
#: skips painting cells out of view, and ``innerText`` of those is empty); and then how much room its
#: outputs take, measured with the cell in view (the notebook's scroll position is put back afterwards).
CELLS = f"""async () => {{
  const nb = {_PANEL}.content;
  const settle = () => new Promise(done => setTimeout(done, 50));
  for (let tries = 0; tries < 200 && !({_RENDERED})(nb); tries++) await settle();
  if (!({_RENDERED})(nb)) throw new Error('JupyterLab has not drawn every cell of the notebook within 10 s');
  const found = nb.widgets.map((cell, index) => {{  // all at once, so that no re-render falls in between
    const json = cell.model.toJSON();
    const text = (selector) => Array.from(cell.node.querySelectorAll(selector)).map(e => e.textContent).join('\\n');
    const rendered = cell.node.querySelector('.jp-RenderedMarkdown');
    return {{
      index,
      id: json.id,
      type: json.cell_type,
      source: Array.isArray(json.source) ? json.source.join('') : json.source,
      tags: (json.metadata && json.metadata.tags) || [],
      input_hidden: cell.inputHidden,
      placeholder: !!cell.node.querySelector('.jp-InputPlaceholder'),
      input_shown: !!cell.node.querySelector('.jp-Cell-inputWrapper .jp-InputArea'),
      editor_text: text('.jp-Cell-inputWrapper .jp-InputArea .cm-content'),
      details_open: Array.from(cell.node.querySelectorAll('.jp-RenderedMarkdown details')).map(d => d.open),
      outside_details: rendered ? Array.from(rendered.childNodes).filter(n => n.nodeName !== 'DETAILS')
        .map(n => n.textContent).join('').trim() : '',
      rendered: rendered ? rendered.textContent : '',
      outputs: json.outputs || [],
      output_text: text('.jp-OutputArea-output'),
      plain_text: text('.jp-OutputArea-output .jp-RenderedText'),
      images: cell.node.querySelectorAll('.jp-OutputArea-output img').length,
      widgets: cell.node.querySelectorAll('.jp-OutputArea-output .widget-hprogress').length,
      output_height: 0,
      shown_outputs: 0,
    }};
  }});
  const scroller = nb.outerNode || nb.node;
  const scrolled = scroller.scrollTop;
  const painted = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (const entry of found.filter(f => f.outputs.length)) {{  // measured in view, where it is painted
    const node = nb.widgets[entry.index].node;
    node.scrollIntoView({{block: 'nearest'}});
    await painted();
    const wrapper = node.querySelector('.jp-Cell-outputWrapper');
    entry.output_height = wrapper ? wrapper.getBoundingClientRect().height : 0;
    entry.shown_outputs = Array.from(node.querySelectorAll('.jp-OutputArea-child'))
      .filter(c => c.getBoundingClientRect().height > 0).length;
  }}
  scroller.scrollTop = scrolled;
  await painted();
  return found;
}}"""

#: Counts the progress-bar widgets that appear anywhere on the page from now on (a bar shown only while a
#: cell runs is gone by the end, so the count is kept as they come).
WATCH_WIDGETS = """() => {
  window.fdlProgressBars = 0;
  new MutationObserver(records => { for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType !== 1) continue;
    window.fdlProgressBars += (n.matches('.widget-hprogress') ? 1 : 0) + n.querySelectorAll('.widget-hprogress').length;
  } }).observe(document.body, {childList: true, subtree: true});
}"""

#: The pop-ups a learner would have to deal with: notifications ("toasts") and dialogs.
POPUPS = ".Toastify__toast, .jp-Dialog"


@dataclass
class RunningLab:
    url: str
    token: str
    root: Path
    start_seconds: float  # from starting the process to the server answering (imports and extensions included)
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)
    workspaces: int = 0

    def notebook_url(self, path: str) -> str:
        """The address of ``path`` (relative to the served folder) in a workspace of its own, so each page
        starts with that one notebook open, as on a first visit."""
        self.workspaces += 1
        return f"{self.url}/lab/workspaces/fdl{self.workspaces}/tree/{quote(path)}?token={self.token}"

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """Stop every kernel the pages started (each open notebook keeps one)."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def served_copy(folder: Path) -> Path:
    """Copy the lesson notebooks and their images to ``folder``, to serve them without touching the checkout."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for path in lesson_notebooks():
        shutil.copy2(path, folder / path.name)
    if (NOTEBOOK_DIR / "images").is_dir():
        shutil.copytree(NOTEBOOK_DIR / "images", folder / "images", dirs_exist_ok=True)
    return folder


def lab_environment(base: dict | None = None) -> dict:
    """``base`` (default: this process's environment) with the course's lab settings on ``JUPYTER_CONFIG_PATH``."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in [str(LAB_CONFIG), env.get("JUPYTER_CONFIG_PATH")] if p)
    return env


def lab_command(root: Path, *options: str) -> list[str]:
    """The command that starts JupyterLab on ``root`` as ``make lab`` does, with ``options`` added."""
    return [sys.executable, "-m", "jupyterlab", *LAB_OPTIONS, *options, str(root)]


@contextmanager
def running_lab(root: Path, timeout: float = 180, **env):
    """JupyterLab on ``root`` in a child process, on a free loopback port with a token, as a learner's first
    open sees it (empty settings, workspaces and runtime folders); stopped, kernels and all, on exit.
    ``env``: more environment variables for the server and its kernels (``FDL_SMOKE="1"``, say)."""
    port, token = free_port(), secrets.token_hex(16)
    home = Path(tempfile.mkdtemp(prefix="fdl-lab-"))
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "settings",
        "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        "IPYTHONDIR": "ipython",
    }
    environment = lab_environment({**os.environ, **{k: str(home / v) for k, v in folders.items()}, **env})
    # The kernels import this checkout's package, whatever else the environment's path holds.
    environment["PYTHONPATH"] = os.pathsep.join(
        p for p in [str(settings.REPO_ROOT), environment.get("PYTHONPATH")] if p
    )
    options = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",  # the test reads the cells through window.jupyterapp
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        options.append("--allow-root")  # CI runs as root
    start = time.perf_counter()
    process = subprocess.Popen(
        lab_command(root, *options),
        cwd=settings.REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
    )
    output: list[str] = []
    lines, reader = drain(process)
    lab = RunningLab(f"http://127.0.0.1:{port}", token, Path(root), 0.0, process, output)
    try:
        while True:
            while not lines.empty():
                output += [line for line in [lines.get()] if line is not None]
            if process.poll() is not None:
                raise RuntimeError("JupyterLab did not start:\n" + "\n".join(output[-30:]))
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n" + "\n".join(output[-30:]))
            try:
                lab.api("/api/status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        lab.start_seconds = time.perf_counter() - start
        yield lab
    finally:
        try:
            if process.poll() is None:
                lab.shut_down_kernels()
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass  # stopping the server below stops its kernels too
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        reader.join(timeout=5)
        process.stdout.close()
        while not lines.empty():
            output += [line for line in [lines.get()] if line is not None]
        shutil.rmtree(home, ignore_errors=True)


# --------------------------------------------------------------------------------------------------------
# Driving a notebook in the page, as a learner does: menus, clicks and keys


def open_lab(page, lab: RunningLab, timeout_ms: int = 180_000) -> float:
    """Open JupyterLab's front page, as ``make lab`` does, and wait for its launcher; the seconds that took."""
    start = time.perf_counter()
    page.goto(f"{lab.url}/lab?token={lab.token}")
    page.wait_for_selector(".jp-Launcher", timeout=timeout_ms)
    return time.perf_counter() - start


def news_settings(page) -> dict:
    """The news and update-check settings as the page gets them from the server: the learner's own value
    where there is one, else the default (what decides whether the page asks about news)."""
    return page.evaluate(
        """async () => { const s = await window.jupyterapp.serviceManager.settings.fetch(
             '@jupyterlab/apputils-extension:notification');
           const own = s.settings || {};
           return Object.fromEntries(['fetchNews', 'checkForUpdates'].map(
             k => [k, k in own ? own[k] : s.schema.properties[k].default])); }"""
    )


def open_notebook(page, lab: RunningLab, path: str, timeout_ms: int = 180_000) -> float:
    """Open ``path`` in a fresh workspace and wait until its cells show and its kernel is idle; the seconds
    that took (the kernel's start included)."""
    start = time.perf_counter()
    page.goto(lab.notebook_url(path))
    page.wait_for_function(
        f"() => {{ const p = {_PANEL}; "
        f"return !!p && p.context.path === {json.dumps(path)} && ({_RENDERED})(p.content); }}",
        timeout=timeout_ms,
        polling=250,
    )
    page.wait_for_function(IDLE, timeout=timeout_ms, polling=250)
    return time.perf_counter() - start


def cells(page) -> list[dict]:
    """What every cell of the open notebook is and shows (see ``CELLS``)."""
    return page.evaluate(CELLS)


def cell(page, index: int):
    """The page element of cell ``index`` of the open notebook."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index)


def menu(page, *names: str) -> None:
    """Click through the menu bar, e.g. ``menu(page, "Run", "Run All Cells")``."""
    for name in names:
        page.get_by_role("menuitem", name=name, exact=True).first.click()


def wait_until_run(page, before: list, timeout_ms: int) -> None:
    """Wait until the kernel has run something since ``before`` (``COUNTS`` then) and is idle again."""
    page.wait_for_function(
        f"(before) => JSON.stringify(({COUNTS})()) !== JSON.stringify(before) && ({IDLE})()",
        arg=before,
        timeout=timeout_ms,
        polling=500,
    )


def run_all(page, timeout_ms: int = 1_200_000) -> float:
    """Run > Run All Cells, and wait until the last cell has run (or the run stopped at an error); seconds."""
    before = page.evaluate(COUNTS)
    start = time.perf_counter()
    menu(page, "Run", "Run All Cells")
    wait_until_run(page, before, timeout_ms)
    return time.perf_counter() - start


def run_cell(page, index: int, timeout_ms: int = 300_000) -> None:
    """Select cell ``index`` (a click on its prompt), press Shift+Enter and wait for it to finish."""
    before = page.evaluate(COUNTS)
    cell(page, index).locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Shift+Enter")
    wait_until_run(page, before, timeout_ms)


def run_above(page, index: int, timeout_ms: int = 600_000) -> float:
    """Select cell ``index`` and Run > Run All Above Selected Cell; seconds until done."""
    before = page.evaluate(COUNTS)
    cell(page, index).locator(".jp-InputPrompt").first.click()
    start = time.perf_counter()
    menu(page, "Run", "Run All Above Selected Cell")
    wait_until_run(page, before, timeout_ms)
    return time.perf_counter() - start


def type_into(page, index: int, source: str) -> None:
    """Replace what code cell ``index`` holds by ``source``, typed into its editor."""
    cell(page, index).locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(source)  # as pasted: the editor adds no brackets or indentation of its own
    page.keyboard.press("Escape")


def open_solution(page, index: int) -> None:
    """Open the collapsed input of cell ``index`` as a learner does: a click on its three dots."""
    cell(page, index).locator(".jp-InputPlaceholder").click()
    page.wait_for_function(f"(i) => !{_PANEL}.content.widgets[i].inputHidden", arg=index, timeout=30_000)


def scroll_to(page, index: int) -> None:
    """Scroll the notebook so that cell ``index`` is at the top of its window, and stays there. (Cells out of
    view are not painted; once they come into view their real height shows, and JupyterLab may scroll to
    the active cell on its own: so scroll, wait, and look again.)"""
    top = f"(i) => {{ const nb = {_PANEL}.content; "
    top += "return nb.widgets[i].node.getBoundingClientRect().top - nb.node.getBoundingClientRect().top; }"
    for _ in range(10):
        page.evaluate(f"(i) => {_PANEL}.content.widgets[i].node.scrollIntoView({{block: 'start'}})", index)
        page.wait_for_timeout(400)
        if abs(page.evaluate(top, index)) < 3:
            break


def select(page, index: int) -> None:
    """Make cell ``index`` the active one, in command mode (a learner clicks beside it)."""
    page.evaluate(f"(i) => {{ const nb = {_PANEL}.content; nb.mode = 'command'; nb.activeCellIndex = i; }}", index)


def popups(page) -> list[str]:
    """The text of every notification and dialog showing."""
    return [text.strip() for text in page.locator(POPUPS).all_inner_texts()]


def find(nb_cells: list[dict], tag: str) -> list[dict]:
    """The cells (as ``cells`` gives them) that carry ``tag``."""
    return [c for c in nb_cells if tag in c["tags"]]


# --------------------------------------------------------------------------------------------------------
# make lab, make lab-screenshot

#: The README's exercise: 02.1 with a wrong answer that moves every label down by one.
WRONG_ANSWER = "def kaggle_to_index(labels):\n    return labels - 1  # every label down by one"


def exercise_screenshot(page, lab: RunningLab, path: Path, notebook: str = "02_asl.ipynb") -> str:
    """Open ``notebook``, run its setup, type ``WRONG_ANSWER`` into exercise 02.1, run it and its check, and
    photograph the task, the answer, the hint and the collapsed solution to ``path``. Returns the check's line."""
    open_notebook(page, lab, notebook)
    nb = cells(page)
    setup = find(nb, "setup")[0]["index"]
    answer = [c for c in nb if "exercise" in c["tags"] and "def kaggle_to_index" in c["source"]][0]["index"]
    task = max(c["index"] for c in nb if "task" in c["tags"] and c["index"] < answer)
    run_cell(page, setup)
    type_into(page, answer, WRONG_ANSWER)
    run_cell(page, answer)
    run_cell(page, answer + 1)
    select(page, answer + 1)  # the check: its line is what the picture is about
    page.keyboard.press("Control+b")  # the file browser closed, as a learner does for room
    page.wait_for_function("() => document.querySelector('#jp-left-stack').offsetWidth === 0", timeout=10_000)
    scroll_to(page, task)
    solution = [c for c in nb if "solution" in c["tags"] and c["type"] == "code" and c["index"] > answer][0]
    area = page.locator("#jp-main-dock-panel").bounding_box()  # the notebook with its tab and toolbar
    bottom = cell(page, solution["index"]).bounding_box()
    height = min(bottom["y"] + bottom["height"] + 12, area["y"] + area["height"]) - area["y"]
    page.screenshot(path=str(path), clip={**area, "height": height})
    page.keyboard.press("Control+b")
    return cells(page)[answer + 1]["output_text"].strip()


def screenshot(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fdl-lab-root-") as root:
        with running_lab(served_copy(Path(root))) as lab, browser_page(**WINDOW) as page:
            print(f"JupyterLab ready in {lab.start_seconds:.1f} s at {lab.url}")
            line = exercise_screenshot(page, lab, folder / SCREENSHOT)
            print(f"{folder / SCREENSHOT}: exercise 02.1 with a wrong answer; its check says: {line}")
    return 0


def serve(options: list[str]) -> None:
    """``make lab``: JupyterLab on ``notebooks/``, in place of this process (Ctrl+C stops it as usual)."""
    command = lab_command(NOTEBOOK_DIR, *options)
    os.execve(command[0], command, lab_environment())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["screenshot"]:
        return screenshot(Path(argv[1]) if len(argv) > 1 else NOTEBOOK_DIR / "images")
    serve(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
