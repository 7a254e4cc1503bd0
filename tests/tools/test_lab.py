"""The course in JupyterLab itself (utils.tools.lab drives it): ``make lab``'s server in smoke mode, on a copy of the
notebooks, and Debian's Chromium driven by Playwright, clicking and typing as a learner does.

Skipped, with how to install it, when Chromium is missing; CI's .ci/run installs it, so there it runs.
Screenshots go to ``results/screenshots/lab/`` (or ``$FDL_SCREENSHOTS/lab/``; the run's summary names the
folder); the measured times are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import os
import re

import nbformat
import pytest

from utils.tools import lab, notebooks, screenshots

from helpers import REPO, needs_mirror

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        screenshots.chromium() is None, reason=f"no Chromium for the browser test: {screenshots.INSTALL_HINT}"
    ),
    needs_mirror,  # the lessons' data
]

#: What shows in place of a progress-bar widget that did not render, or of a failed one.
NOT_A_WIDGET = re.compile(r"HBox\(|FloatProgress\(|IntProgress\(|it/s\]|Error displaying widget|IProgress not found")
#: Characters that only an emoji font draws (an empty box on a Linux computer without one).
EMOJI = re.compile("[\U0001f000-\U0001faff\u2b50\u2705\u274c\u274e\u2753-\u2755\u2757\ufe0f]")
#: A whole number written with thousands separators, and one of four digits or more written without.
WITH_COMMAS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?!\w|[.,]\d)")
WITHOUT_COMMAS = re.compile(r"(?<![\w.,])\d{4,}(?!\w|[.,]\d)")
HANDOUT = "handout/02_asl.ipynb"
EXECUTED = "executed/02_asl.ipynb"  # as `make all` leaves it in notebooks/executed/


@pytest.fixture(scope="module")
def shots(screenshots_dir):
    folder = screenshots_dir / "lab"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """JupyterLab as ``make lab`` starts it, in smoke mode, on a copy of the notebooks, 02's handout and a copy
    of 02 executed by the course's runner (as ``make all`` writes it, in smoke mode)."""
    root = lab.served_copy(tmp_path_factory.mktemp("served"))
    notebooks.handout([notebooks.NOTEBOOK_DIR / "02_asl.ipynb"], root / "handout")
    models = tmp_path_factory.mktemp("models")
    env = {
        "FDL_SMOKE": "1",
        "FDL_BAR_DELAY": "0",  # smoke passes are shorter than the usual delay: show every bar
        "FDL_MODELS": str(models),
        "FDL_BACKBONE": os.environ.get("FDL_BACKBONE") or "mobilenet_v2",
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.setenv("PYTHONPATH", os.pathsep.join(p for p in [str(REPO), os.environ.get("PYTHONPATH")] if p))
        (root / "executed").mkdir()
        nbformat.write(notebooks.execute(notebooks.NOTEBOOK_DIR / "02_asl.ipynb", timeout=1200), root / EXECUTED)
    with lab.running_lab(root, **env) as running:
        print(f"\nJupyterLab ready in {running.start_seconds:.1f} s at {running.url}")
        running.models = models / "smoke"  # where the notebooks save their models in smoke mode
        yield running


@pytest.fixture
def page(server):
    with screenshots.browser_page(**lab.WINDOW) as page:
        yield page
        assert screenshots.outside_requests(page) == [], "the page fetched something from outside this computer"
    server.shut_down_kernels()


def collapsed(nb_cells) -> list[str]:
    """What is wrong with the solutions and answers of a notebook as the page shows it (empty: all collapsed)."""
    wrong = []
    for c in nb_cells:
        if "solution" in c["tags"] and c["type"] == "code":
            if not (c["input_hidden"] and c["placeholder"]) or c["input_shown"]:
                wrong.append(f"cell {c['index']}: the solution's code shows")
        if "answer" in c["tags"]:
            if not c["details_open"] or any(c["details_open"]):
                wrong.append(f"cell {c['index']}: the answer is not a closed <details> block")
            elif c["outside_details"]:
                wrong.append(f"cell {c['index']}: text outside the answer's <details>: {c['outside_details'][:200]!r}")
    return wrong


def problems(nb_cells) -> list[str]:
    """What a learner should never see in a notebook that has run: errors, tracebacks, progress bars as text,
    empty bands, a figure twice, emoji, a check or carry-on line that is not one line."""
    found = []
    for c in nb_cells:
        where = f"cell {c['index']}"
        for out in c["outputs"]:
            if out["output_type"] == "error":
                found.append(f"{where}: {out['ename']}: {out['evalue']}")
            if out.get("name") == "stderr":
                found.append(f"{where} wrote to stderr: {''.join(out['text'])[:300]!r}")
        if "Traceback" in c["output_text"]:
            found.append(f"{where}: a traceback")
        if "PosixPath(" in c["output_text"]:
            found.append(f"{where}: a path as the cell's result: {c['output_text'][:200]!r}")
        for line in c["plain_text"].splitlines():
            if WITH_COMMAS.search(line) and WITHOUT_COMMAS.search(line):
                found.append(f"{where}: numbers written two ways in one line: {line[:200]!r}")
        if NOT_A_WIDGET.search(c["plain_text"]):
            found.append(f"{where}: a progress bar shown as text: {c['output_text'][:200]!r}")
        if EMOJI.search(c["output_text"] + c["rendered"]):
            found.append(f"{where}: an emoji, an empty box without an emoji font")
        if c["outputs"] and c["output_height"] > 0 and c["shown_outputs"] == 0:
            found.append(f"{where}: an empty band of {c['output_height']:.0f} px (its outputs are all hidden)")
        pictures = [o["data"]["image/png"] for o in c["outputs"] if "image/png" in o.get("data", {})]
        if len(set(pictures)) != len(pictures) or c["images"] != len(pictures):
            found.append(f"{where}: {len(pictures)} figures, {len(set(pictures))} different, {c['images']} shown")
        if {"check", "carry-on"} & set(c["tags"]) and c["outputs"]:
            text = "".join("".join(o.get("text", "")) for o in c["outputs"])
            if len(c["outputs"]) != 1 or text.count("\n") != 1 or not text.startswith("Exercise "):
                found.append(f"{where}: the check's output is not one line: {text!r}")
    return found


def test_every_notebook_opens_with_its_solutions_and_answers_collapsed_and_no_popup(server, page, shots):
    front = lab.open_lab(page, server)  # what `make lab` opens
    settings = lab.news_settings(page)
    assert settings["fetchNews"] == "false" and settings["checkForUpdates"] is False, settings
    page.wait_for_timeout(3000)  # time for a news question to come up, had it not been turned off
    assert lab.popups(page) == [], "a learner's first open shows a pop-up"
    page.screenshot(path=str(shots / "first_open_lab.png"))
    paths = [p.name for p in notebooks.lesson_notebooks()] + [HANDOUT, EXECUTED]
    times = {}
    for path in paths:
        times[path] = lab.open_notebook(page, server, path)
        nb_cells = lab.cells(page)
        on_disk = nbformat.read(server.root / path, as_version=4)
        assert len(nb_cells) == len(on_disk.cells), path
        assert lab.popups(page) == [], f"{path}: a learner's first open shows a pop-up"
        assert collapsed(nb_cells) == [], path
        if path == EXECUTED:  # its outputs are there, and the answer below them is still closed
            assert problems(nb_cells) == [] and lab.find(nb_cells, "check")[0]["outputs"]
            lab.scroll_to(page, lab.find(nb_cells, "answer")[0]["index"] - 2)
            page.screenshot(path=str(shots / "executed_02_answer_closed.png"))
        else:
            assert not [c["index"] for c in nb_cells if c["outputs"]], f"{path}: outputs show before anything ran"
        if path == HANDOUT:
            assert len(lab.find(nb_cells, "carry-on")) == 4 and not lab.find(nb_cells, "solution")
        if path == paths[0]:
            page.screenshot(path=str(shots / "first_open_01.png"))
        server.shut_down_kernels()
    assert server.api("/lab/api/update") == {"notification": None}  # no update check ...
    assert server.api("/lab/api/news") == {"news": []}  # ... and no news feed fetched
    opened = ", ".join(f"{p} {s:.1f} s" for p, s in times.items())
    print(f"\nJupyterLab's front page in {front:.1f} s; each notebook open with its kernel idle: {opened}")


@pytest.mark.parametrize("path", ["02_asl.ipynb", "04a_asl_augmentation.ipynb"])
def test_run_all_ends_without_an_error_and_leaves_solutions_and_answers_collapsed(server, page, shots, path):
    lab.open_notebook(page, server, path)
    page.evaluate(lab.WATCH_WIDGETS)
    seconds = lab.run_all(page)
    nb_cells = lab.cells(page)
    counts = page.evaluate(lab.COUNTS)
    ran = [c["index"] for c in nb_cells if c["type"] == "code" and c["source"].strip() and counts[c["index"]]]
    assert ran == [c["index"] for c in nb_cells if c["type"] == "code" and c["source"].strip()], "Run All stopped"
    assert problems(nb_cells) == []
    assert collapsed(nb_cells) == [], "Run All opened a solution or an answer"
    checks = lab.find(nb_cells, "check")
    assert checks and all(c["outputs"] for c in checks)
    bars = page.evaluate("window.fdlProgressBars")
    assert bars >= 2, "the training's progress bars did not show as widgets"
    answer = lab.find(nb_cells, "answer")[0]["index"]
    lab.scroll_to(page, answer - 2)
    page.screenshot(path=str(shots / f"run_all_{path.split('_')[0]}.png"))
    lab.cell(page, answer).locator("summary").click()  # the learner opens the answer
    opened = lab.cells(page)[answer]
    assert opened["details_open"] == [True] and len(opened["rendered"]) > 300
    page.screenshot(path=str(shots / f"answer_open_{path.split('_')[0]}.png"))
    print(f"\nRun All of {path}: {seconds:.1f} s, {len(checks)} checks, {bars} progress bars seen as widgets")


def test_a_wrong_answer_shows_its_hint_and_the_solution_opens(server, page, shots):
    line = lab.exercise_screenshot(page, server, shots / "exercise_hint.png")
    assert line.count("\n") == 0 and line.startswith("Exercise 02.1")
    assert "not quite" in line and "Every label moved down by one" in line
    nb_cells = lab.cells(page)
    solution = [c for c in lab.find(nb_cells, "solution") if c["type"] == "code"][0]
    assert solution["input_hidden"]
    lab.open_solution(page, solution["index"])
    opened = lab.cells(page)[solution["index"]]
    assert not opened["input_hidden"] and opened["input_shown"]
    assert "labels - (labels > 9).long()" in opened["editor_text"]
    lab.run_cell(page, solution["index"])
    check = [c for c in lab.find(nb_cells, "check") if "label_mapping" in c["source"]][0]["index"]
    lab.run_cell(page, check)
    assert "✓ passed" in lab.cells(page)[check]["output_text"]
    lab.scroll_to(page, solution["index"] - 3)
    page.screenshot(path=str(shots / "solution_open.png"))


def test_04b_without_04as_model_stops_at_one_line_that_says_which_notebook_to_run(server, page, shots, tmp_path):
    saved = list(server.models.glob("*.pt")) if server.models.is_dir() else []
    for path in saved:  # 04a's run may have saved one already
        path.rename(tmp_path / path.name)
    try:
        lab.open_notebook(page, server, "04b_asl_predictions.ipynb")
        lab.run_all(page)
    finally:
        for path in saved:
            (tmp_path / path.name).rename(path)
    errors = [(c, o) for c in lab.cells(page) for o in c["outputs"] if o["output_type"] == "error"]
    assert len(errors) == 1, errors
    shown, error = errors[0]
    assert error["ename"] == "ModelFileError" and len(error["traceback"]) == 1
    assert shown["output_text"].count("\n") == 0 and "Run notebook 04a_asl_augmentation" in shown["output_text"]
    lab.scroll_to(page, shown["index"] - 1)
    page.screenshot(path=str(shots / "04b_no_model.png"))


def test_the_handout_of_02_runs_with_untouched_scaffolds_and_says_what_it_carries_on_with(server, page, shots):
    lab.open_notebook(page, server, HANDOUT)
    nb_cells = lab.cells(page)
    assert not lab.find(nb_cells, "solution") and not lab.find(nb_cells, "answer")
    lab.run_all(page)
    nb_cells = lab.cells(page)
    assert problems(nb_cells) == []
    assert "Traceback" not in page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").text_content()
    counts = page.evaluate(lab.COUNTS)
    assert all(counts[c["index"]] for c in nb_cells if c["type"] == "code" and c["source"].strip())
    todo = [c["output_text"].strip() for c in lab.find(nb_cells, "check")]
    assert len(todo) == 4 and all("not done yet" in line for line in todo)
    carried = [c["output_text"].strip() for c in lab.find(nb_cells, "carry-on")]
    assert len(carried) == 4
    assert all("is not done yet, so the rest of the lesson uses the course's" in line for line in carried)
    lab.scroll_to(page, lab.find(nb_cells, "carry-on")[0]["index"] - 3)
    page.screenshot(path=str(shots / "handout_02_carry_on.png"))
    print("\nthe handout of 02 with untouched scaffolds says:\n" + "\n".join(todo[:1] + carried))


def test_loading_the_real_hands_in_06_leaves_no_empty_band(server, page, shots):
    lab.open_notebook(page, server, "06_capstone_real_hands.ipynb")
    nb_cells = lab.cells(page)
    first_task = lab.find(nb_cells, "task")[0]["index"]
    seconds = lab.run_above(page, first_task)
    nb_cells = lab.cells(page)
    assert problems(nb_cells[:first_task]) == []
    loads = [c for c in nb_cells if "load_real_hands(" in c["source"] and c["type"] == "code"][0]
    assert loads["outputs"] == [] or loads["shown_outputs"] > 0, loads["outputs"]
    lab.scroll_to(page, loads["index"] - 1)
    page.screenshot(path=str(shots / "real_hands_loaded.png"))
    print(f"\n06's cells before exercise 06.1: {seconds:.1f} s")
