"""The web app in a real browser (utils.tools.screenshots drives it): Debian's Chromium, driven by Playwright,
against ``python -m utils.app``.

Skipped, with how to install it, when Chromium is missing; CI's .ci/run installs it, so there it runs.
Screenshots go to ``results/screenshots/app/`` (or ``$FDL_SCREENSHOTS/app/``; the run's summary names the
folder); the measured times are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import time

import pytest

from utils.plumbing.downloads import download
from utils.tools import screenshots

from helpers import course_photos, needs_mirror, save_letter_reader, train_letter_reader

PAGES = 6  # browser pages uploading the same photo at once

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        screenshots.chromium() is None, reason=f"no Chromium for the browser test: {screenshots.INSTALL_HINT}"
    ),
    needs_mirror,  # the course photos and mobilenet_v2's weights
]


@pytest.fixture
def shots(screenshots_dir):
    folder = screenshots_dir / "app"
    folder.mkdir(exist_ok=True)
    return folder


def test_reading_a_sign_and_a_bad_upload_in_the_browser(tmp_path, shots):
    photos = course_photos()
    save_letter_reader(tmp_path / "models", train_letter_reader(photos))
    notes = tmp_path / "notes.txt"
    notes.write_text("this is not an image\n")
    uploads = tmp_path / "gradio"  # where Gradio keeps the uploaded files
    with (
        screenshots.running_app(tmp_path / "models", backbone="mobilenet_v2", GRADIO_TEMP_DIR=str(uploads)) as app,
        screenshots.browser_page(fake_camera=True) as page,
    ):
        screenshots.open_tab(page, app.url, "Sign language")
        seconds = screenshots.upload(page, "sign", photos["a"])
        answer = screenshots.answer_text(page, "sign")
        assert answer.splitlines()[0] == "A" and "reads the letter a" in answer
        top = page.locator("#sign-top").inner_text()
        rows = [line for line in top.splitlines() if line.strip().endswith("%")]
        assert len(rows) == 3, top  # the top three letters, each with its probability
        assert page.locator("#sign-seen img").count() == 1 and page.locator("#sign-photo img").count() == 1
        page.screenshot(path=str(shots / "sign_a.png"), full_page=True)

        screenshots.upload(page, "sign", photos["b"])
        assert screenshots.answer_text(page, "sign").splitlines()[0] == "B"

        screenshots.upload(page, "sign", notes)
        message = screenshots.answer_text(page, "sign")
        assert message == "⚠️ notes.txt: is not an image (PNG, JPEG, ... expected)"
        assert page.locator("#sign-seen img").count() == 0
        page.screenshot(path=str(shots / "sign_not_an_image.png"), full_page=True)

        # The webcam: Chromium's made-up camera shows a test pattern, read as some letter.
        camera_seconds = screenshots.take_photo(page, "sign")
        answer = screenshots.answer_text(page, "sign")
        assert "The model reads the letter" in answer and page.locator("#sign-photo img").count() == 1
        page.screenshot(path=str(shots / "sign_webcam.png"), full_page=True)

        screenshots.open_tab(page, app.url, "Doggy door")
        dog = download("doggy_door_images") / "doggy_door_images" / "happy_dog.jpg"
        door_seconds = screenshots.upload(page, "door", dog)
        assert screenshots.answer_text(page, "door").startswith("Dog: the door opens")
        assert "05_pretrained_vgg16" in page.locator("#door-bo").inner_text()  # no door model for Bo saved here
        page.screenshot(path=str(shots / "door_happy_dog.png"), full_page=True)

        assert screenshots.outside_requests(page) == [], "the page fetched something from outside this computer"
        assert list(uploads.rglob("a.png")) and list(uploads.rglob("notes.txt"))
    assert app.process.returncode == 0 and not list(uploads.rglob("a.png")) and not list(uploads.rglob("notes.txt")), (
        "stopping the app should delete the uploads"
    )
    print(
        f"\napp ready in {app.start_seconds:.1f} s; a.png answered in {seconds:.2f} s, the webcam's photo in "
        f"{camera_seconds:.2f} s, happy_dog.jpg in {door_seconds:.2f} s; screenshots in {shots}"
    )


def test_with_no_models_the_page_says_which_lesson_to_run(tmp_path, shots):
    with (
        screenshots.running_app(tmp_path / "no_models", backbone="mobilenet_v2") as app,
        screenshots.browser_page() as page,
    ):
        screenshots.open_tab(page, app.url, "Sign language")
        status = page.locator("#sign-status").inner_text()
        assert "No sign-language model" in status and "04a_asl_augmentation" in status and "make all" in status
        screenshots.upload(page, "sign", course_photos()["a"])
        assert "04a_asl_augmentation" in screenshots.answer_text(page, "sign")
        assert "Traceback" not in page.locator("body").inner_text()
        page.screenshot(path=str(shots / "no_models.png"), full_page=True)


def test_several_pages_upload_the_same_photo_at_once(tmp_path, shots):
    """A classroom trying the course's a.png at the same moment: every page shows the letter and both pictures
    whole. A file whose name is a Markdown link shows as plain text, and the footer offers no run history."""
    photos = course_photos()
    save_letter_reader(tmp_path / "models", train_letter_reader(photos))
    link = tmp_path / "[click](example.com).txt"  # Gradio drops ':' and '/' from an upload's name
    link.write_text("not an image\n")
    with (
        screenshots.running_app(tmp_path / "models", backbone="mobilenet_v2") as app,
        screenshots.browser_page() as first,
    ):
        pages = [first, *(screenshots.another_page(first) for _ in range(PAGES - 1))]
        for page in pages:
            screenshots.open_tab(page, app.url, "Sign language")
        start = time.perf_counter()
        for page in pages:  # handed over one after the other, without waiting: the uploads overlap
            page.locator("#sign-upload input[type=file]").set_input_files(str(photos["a"]))
        seconds = [screenshots.wait_for_answer(page, "sign", start) for page in pages]
        for i, page in enumerate(pages):
            assert screenshots.answer_text(page, "sign").splitlines()[0] == "A", f"page {i}"
            whole = page.evaluate(
                "['#sign-photo img', '#sign-seen img'].map(s => document.querySelector(s))"
                ".map(img => !!img && img.complete && img.naturalWidth > 0)"
            )
            assert whole == [True, True], f"page {i}: a picture did not arrive whole"
            assert "Runs" not in " ".join(page.locator("footer").all_inner_texts())
        first.screenshot(path=str(shots / "sign_same_photo.png"), full_page=True)

        screenshots.upload(first, "sign", link)
        assert screenshots.answer_text(first, "sign").startswith("⚠️ [click](example.com).txt: is not an image")
        assert first.locator("#sign-answer a").count() == 0, "the file's name became a link"
        assert all(screenshots.outside_requests(page) == [] for page in pages)
    print(f"\n{PAGES} pages answered a.png in {min(seconds):.2f}-{max(seconds):.2f} s")
