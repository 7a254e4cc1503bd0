"""What the web app and the command line read photos with (utils.app.readers), without a browser: the course
photos, generated images, bad uploads, missing or damaged models, lesson 06's colour model, the doggy door.
The page is test_web.py's; the browser, test_browser.py's."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr

import numpy as np
import pytest
import torch
from PIL import Image

from utils.app import read_signs, readers
from utils.data import ASL_LETTERS
from utils.networks import TransferModel, dense_net
from utils.plumbing.checkpoints import load_model, save_checkpoint
from utils.plumbing.downloads import download
from utils.plumbing.images import open_image
from utils.pretrained import load_backbone, preprocess_from, preprocess_settings, read_score
from utils.sign_reader import ASL_MODEL_FILE, predict_letter

from helpers import (
    course_photos,
    needs_mirror,
    prepared,
    save_letter_reader,
    save_real_hands_model,
    train_letter_reader,
)

LETTERS = "".join(ASL_LETTERS)


@pytest.fixture
def trained(tmp_path):
    """A models folder holding a letter reader trained here, and the course photos."""
    photos = course_photos()
    model = train_letter_reader(photos)
    save_letter_reader(tmp_path / "models", model)
    return tmp_path / "models", photos, model


@needs_mirror
def test_course_photos_read_as_their_letters(trained):
    models, photos, model = trained
    reader = readers.SignReader(models, "cpu")
    assert reader.available() == [list(readers.SIGN_MODELS)[0]]
    for letter, photo in photos.items():
        answer = reader(str(photo), list(readers.SIGN_MODELS)[0])
        assert f"letter **{letter}**" in answer.message and answer.message.startswith(f"## {letter.upper()}")
        direct = predict_letter(photo, model, LETTERS)  # the same code as lesson 04b and the command line
        assert list(answer.top) == [name for name, _ in direct.top] and len(answer.top) == 3
        assert np.allclose(list(answer.top.values()), [p for _, p in direct.top])
        # What the model sees: the 28 x 28 grey input, enlarged without smoothing.
        assert answer.seen.mode == "L" and answer.seen.size == (readers.VIEW_SIZE, readers.VIEW_SIZE)
        seen = torch.from_numpy(np.array(answer.seen.resize((28, 28), Image.NEAREST))).float() / 255
        assert torch.allclose(seen, prepared(photo)[0, 0], atol=1 / 255 + 1e-6)
        assert answer.photo.size[0] <= readers.PREVIEW_SIZE and answer.photo.mode == "RGB"


def test_generated_images_of_any_mode(tmp_path):
    torch.manual_seed(1)
    save_letter_reader(tmp_path, dense_net(24).eval())
    reader = readers.SignReader(tmp_path, "cpu")
    gradient = np.add.outer(np.arange(60), np.arange(80)).astype(np.uint8)
    for name, image in {
        "grey.png": Image.fromarray(gradient, "L"),
        "colour.jpg": Image.fromarray(np.stack([gradient, 255 - gradient, gradient // 2], -1), "RGB"),
        "clear.png": Image.new("RGBA", (50, 40), (0, 0, 0, 0)),
    }.items():
        image.save(tmp_path / name)
        answer = reader(str(tmp_path / name), None)
        assert len(answer.top) == 3 and set(answer.top) <= set(LETTERS)
        assert list(answer.top.values()) == sorted(answer.top.values(), reverse=True)
        assert sum(answer.top.values()) <= 1 + 1e-6
        assert answer.message.startswith("## ") and answer.seen is not None


@pytest.mark.parametrize("kind", ["text", "empty", "truncated", "tiny", "huge", "image named .txt"])
def test_bad_uploads_get_the_command_lines_message(tmp_path, bad_files, kind):
    torch.manual_seed(0)
    save_letter_reader(tmp_path / "models", dense_net(24).eval())
    path = bad_files[kind]
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        assert read_signs.main(["--model", str(tmp_path / "models" / ASL_MODEL_FILE), str(path)]) == 1
    cli = stderr.getvalue().strip().removeprefix("error: ")
    answer = readers.SignReader(tmp_path / "models", "cpu")(str(path), None)
    # The page shows the command line's message, with the upload's temporary folder left out.
    assert answer.message == "⚠️ " + cli.replace(str(path), path.name)
    assert answer.message.startswith(f"⚠️ {path.name}: ") and "\n" not in answer.message
    assert answer.seen is None and answer.top == {}


def test_missing_models_say_which_lesson_to_run(tmp_path):
    reader = readers.SignReader(tmp_path / "empty", "cpu")
    assert reader.available() == []
    assert "04a_asl_augmentation" in reader.status() and "make all" in reader.status()
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    first, second = list(readers.SIGN_MODELS)
    answer = reader(str(photo), first)
    assert answer.message.startswith("⚠️ no saved model at ")
    assert ASL_MODEL_FILE in answer.message and "04a_asl_augmentation" in answer.message and answer.top == {}
    assert "06_capstone_real_hands" in reader(str(photo), second).message
    assert reader(None, first).message == readers.ASK_FOR_PHOTO


def test_a_damaged_model_file_is_reported_in_the_page(tmp_path):
    (tmp_path / ASL_MODEL_FILE).write_bytes(b"not a checkpoint")
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    message = readers.SignReader(tmp_path, "cpu")(str(photo), None).message
    assert message.startswith("⚠️ ") and ASL_MODEL_FILE in message and "\n" not in message


def test_a_model_saved_while_the_app_runs_is_picked_up(tmp_path):
    reader = readers.SignReader(tmp_path, "cpu")
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    assert reader(str(photo), None).top == {}
    torch.manual_seed(0)
    save_letter_reader(tmp_path, dense_net(24).eval())
    assert len(reader(str(photo), None).top) == 3
    assert list(readers.SIGN_MODELS)[0] in reader.status()


def test_without_weights_the_door_tab_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", offline)
    door = readers.DoggyDoor("vgg16", tmp_path, "cpu")
    assert door.model is None and "vgg16" in door.status() and "FDL_BACKBONE=mobilenet_v2" in door.status()
    assert door(str(tmp_path / "any.jpg")).message == door.status()


@needs_mirror
def test_doggy_door_on_the_course_photos(tmp_path):
    folder = download("doggy_door_images") / "doggy_door_images"
    door = readers.DoggyDoor("mobilenet_v2", tmp_path, "cpu")
    assert "05_pretrained_vgg16" in door.status() and 'BACKBONE = "mobilenet_v2"' in door.status()
    expected = {
        "happy_dog.jpg": "## Dog: the door opens",
        "sleepy_cat.jpg": "## Cat: the door stays shut",
        "brown_bear.jpg": "## Neither dog nor cat",
    }
    for name, start in expected.items():
        answer = door(str(folder / name))
        assert answer.message.startswith(start), answer.message
        assert len(answer.top) == 3 and list(answer.top.values()) == sorted(answer.top.values(), reverse=True)
        assert "05_pretrained_vgg16" in answer.bo  # no door model for Bo yet
        assert answer.seen.size == (readers.VIEW_SIZE, readers.VIEW_SIZE) and answer.seen.mode == "RGB"
    # Lesson 05's door model, saved as the notebook saves it: Bo or not Bo, as read_score reads the score.
    base, weights, _ = load_backbone("mobilenet_v2", verbose=False)
    torch.manual_seed(0)
    model = TransferModel(base, 1).eval()
    save_checkpoint(
        door.door_file,
        model,
        architecture="transfer",
        architecture_args={"backbone": "mobilenet_v2", "n_outputs": 1},
        classes=["bo", "not_bo"],
        let_in="bo",
        transforms=preprocess_settings(weights),
    )
    reloaded, info = load_model(door.door_file, "cpu", architectures=("transfer",))
    photo = folder / "happy_dog.jpg"
    with torch.no_grad():
        x = preprocess_from(info["transforms"])(Image.open(photo).convert("RGB")).unsqueeze(0)
        guess, p = read_score(reloaded(x)[0, 0], info["classes"])
    bo = door(str(photo)).bo
    assert f"({p:.1%} sure it is {guess})" in bo
    assert ("the door opens" in bo) == (guess == "bo")
    assert "Bo's door model" in door.status()


def test_lesson_06s_model_reads_a_colour_crop(tmp_path):
    """The sign tab with lesson 06's transfer model: its own preprocessing, shown in colour."""
    torch.manual_seed(0)
    mean, std = [0.5, 0.4, 0.3], [0.25, 0.2, 0.3]
    save_real_hands_model(
        tmp_path / readers.REAL_HANDS_MODEL_FILE, transforms={"resize": 73, "crop": 64, "mean": mean, "std": std}
    )
    photo = tmp_path / "hand.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (90, 70, 3), dtype=np.uint8)).save(photo)
    reader = readers.SignReader(tmp_path, "cpu")
    second = list(readers.SIGN_MODELS)[1]
    assert reader.available() == [second]
    answer = reader(str(photo), second)
    loaded, info = readers.load_reader(tmp_path / readers.REAL_HANDS_MODEL_FILE, "cpu")
    direct = predict_letter(
        photo, loaded, LETTERS, prepare=readers.input_transform(info), draft_size=readers.draft_size(info)
    )
    assert list(answer.top) == [letter for letter, _ in direct.top]
    # What the model sees: the 64 x 64 colour crop, its normalisation undone.
    assert answer.seen.mode == "RGB" and answer.seen.size == (readers.VIEW_SIZE, readers.VIEW_SIZE)
    x = readers.input_transform(info)(open_image(photo))
    x = x * torch.tensor(std).view(3, 1, 1) + torch.tensor(mean).view(3, 1, 1)
    seen = torch.from_numpy(np.array(answer.seen.resize((64, 64), Image.NEAREST))).permute(2, 0, 1).float() / 255
    assert torch.allclose(seen, x.clamp(0, 1), atol=1 / 255 + 1e-6)


def test_a_file_name_with_markdown_is_shown_as_it_is(tmp_path):
    """The page shows messages as Markdown: a name that holds a link, an image or HTML stays plain text."""
    torch.manual_seed(0)
    save_letter_reader(tmp_path / "models", dense_net(24).eval())
    reader = readers.SignReader(tmp_path / "models", "cpu")
    for name, shown in [
        ("[click](javascript:alert(1)).txt", "\\[click\\]\\(javascript:alert\\(1\\)\\).txt"),
        ("<img src=x onerror=alert(1)>.txt", "\\<img src=x onerror=alert\\(1\\)\\>.txt"),
        ("_x_.txt", "\\_x\\_.txt"),
        ("happy_dog.txt", "happy_dog.txt"),
    ]:
        (tmp_path / name).write_text("not an image\n")
        message = reader(str(tmp_path / name), None).message
        assert message == f"⚠️ {shown}: is not an image (PNG, JPEG, ... expected)"


def test_a_model_name_that_is_not_offered_is_said_so(tmp_path):
    torch.manual_seed(0)
    save_letter_reader(tmp_path, dense_net(24).eval())
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    answer = readers.SignReader(tmp_path, "cpu")(str(photo), "Lesson 99: a model that was never made")
    assert answer.message.startswith("⚠️ No model is called ") and answer.top == {}


def test_a_model_saved_again_with_the_same_time_stamp_is_read_again(tmp_path):
    """The model cache looks at the file's identity, size and both times, not only its modification time."""
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    reader = readers.SignReader(tmp_path, "cpu")
    torch.manual_seed(0)
    path = save_letter_reader(tmp_path, dense_net(24).eval())
    first = reader(str(photo), None).top
    stamp = path.stat()
    torch.manual_seed(1)
    replaced = save_letter_reader(tmp_path / "other", dense_net(24).eval())
    assert replaced.stat().st_size == stamp.st_size
    path.write_bytes(replaced.read_bytes())  # the same file, rewritten in place, its time stamp put back
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    second = reader(str(photo), None).top
    assert second != first and second == readers.SignReader(tmp_path / "other", "cpu")(str(photo), None).top


@needs_mirror
def test_the_door_tab_says_too_small_without_a_hand(tmp_path):
    photo = tmp_path / "dot.png"
    Image.new("RGB", (4, 4)).save(photo)
    message = readers.DoggyDoor("mobilenet_v2", tmp_path, "cpu")(str(photo)).message
    assert message == "⚠️ dot.png: 4x4 pixels is too small to be read (at least 8x8 needed)"
