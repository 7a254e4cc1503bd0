"""The web app's handlers (utils.app), without a browser: the course photos, generated images, bad uploads,
missing models. The browser itself is tested in test_app_browser.py."""
from __future__ import annotations

import io
from contextlib import redirect_stderr
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from utils import app, read_signs
from utils.datasets import ASL_LETTERS
from utils.downloads import download
from utils.models import dense_net, save_checkpoint
from utils.pretrained import (TransferModel, load_backbone, load_transfer_model, photo_transform, read_score,
                              transforms_info)
from utils.sign_reader import ASL_MODEL_FILE, REAL_HANDS_MODEL_FILE, predict_letter, prepare_image

from helpers import needs_mirror

LETTERS = "".join(ASL_LETTERS)


def course_photos() -> dict[str, Path]:
    folder = download("asl_images") / "asl_images"
    return {"a": folder / "a.png", "b": folder / "b.png"}


def train_letter_reader(photos: dict[str, Path], steps: int = 60) -> torch.nn.Module:
    """Lesson 02's dense network, trained in a second on the course photos (prepared by lesson 04b's
    ``prepare_image``, with a little noise), so it reads them as their letters."""
    torch.manual_seed(0)
    x = torch.cat([prepare_image(p) for p in photos.values()])
    y = torch.tensor([LETTERS.index(letter) for letter in photos])
    model = dense_net(24)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(steps):
        noisy = (x + 0.05 * torch.randn_like(x)).clamp(0, 1)
        loss = torch.nn.functional.cross_entropy(model(noisy), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model.eval()


def save_letter_reader(folder: Path, model: torch.nn.Module) -> Path:
    return save_checkpoint(folder / ASL_MODEL_FILE, model, architecture="dense_net",
                           architecture_args={"n_classes": 24}, classes=LETTERS, input_size=[1, 28, 28])


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
    reader = app.SignReader(models, "cpu")
    assert reader.available() == [list(app.SIGN_MODELS)[0]]
    for letter, photo in photos.items():
        answer = reader(str(photo), list(app.SIGN_MODELS)[0])
        assert f"letter **{letter}**" in answer.message and answer.message.startswith(f"## {letter.upper()}")
        direct = predict_letter(photo, model, LETTERS)  # the same code as lesson 04b and the command line
        assert list(answer.top) == [name for name, _ in direct.top] and len(answer.top) == 3
        assert np.allclose(list(answer.top.values()), [p for _, p in direct.top])
        # What the model sees: the 28 x 28 grey input, enlarged without smoothing.
        assert answer.seen.mode == "L" and answer.seen.size == (app.VIEW_SIZE, app.VIEW_SIZE)
        seen = torch.from_numpy(np.array(answer.seen.resize((28, 28), Image.NEAREST))).float() / 255
        assert torch.allclose(seen, prepare_image(photo)[0, 0], atol=1 / 255 + 1e-6)
        assert answer.photo.size[0] <= app.PREVIEW_SIZE and answer.photo.mode == "RGB"


def test_generated_images_of_any_mode(tmp_path):
    torch.manual_seed(1)
    save_letter_reader(tmp_path, dense_net(24).eval())
    reader = app.SignReader(tmp_path, "cpu")
    gradient = np.add.outer(np.arange(60), np.arange(80)).astype(np.uint8)
    for name, image in {"grey.png": Image.fromarray(gradient, "L"),
                        "colour.jpg": Image.fromarray(np.stack([gradient, 255 - gradient, gradient // 2], -1), "RGB"),
                        "clear.png": Image.new("RGBA", (50, 40), (0, 0, 0, 0))}.items():
        image.save(tmp_path / name)
        answer = reader(str(tmp_path / name), None)
        assert len(answer.top) == 3 and set(answer.top) <= set(LETTERS)
        assert list(answer.top.values()) == sorted(answer.top.values(), reverse=True) and sum(answer.top.values()) <= 1 + 1e-6
        assert answer.message.startswith("## ") and answer.seen is not None


@pytest.fixture
def bad_uploads(tmp_path):
    files = {"text": tmp_path / "notes.txt", "empty": tmp_path / "empty.png"}
    files["text"].write_text("this is not an image\n")
    files["empty"].write_bytes(b"")
    full = tmp_path / "full.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (300, 400, 3), np.uint8)).save(full, quality=90)
    files["truncated"] = tmp_path / "truncated.jpg"
    files["truncated"].write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    files["tiny"] = tmp_path / "tiny.png"
    Image.new("L", (1, 1), 128).save(files["tiny"])
    files["huge"] = tmp_path / "huge.png"
    Image.new("1", (12_000, 12_000)).save(files["huge"])  # 144 megapixels, small on disk
    files["image named .txt"] = tmp_path / "photo.txt"
    Image.new("L", (4, 4)).save(files["image named .txt"], format="PNG")  # too small, whatever its name
    return files


@pytest.mark.parametrize("kind", ["text", "empty", "truncated", "tiny", "huge", "image named .txt"])
def test_bad_uploads_get_the_command_lines_message(tmp_path, bad_uploads, kind):
    torch.manual_seed(0)
    save_letter_reader(tmp_path / "models", dense_net(24).eval())
    path = bad_uploads[kind]
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        assert read_signs.main(["--model", str(tmp_path / "models" / ASL_MODEL_FILE), str(path)]) == 1
    cli = stderr.getvalue().strip().removeprefix("error: ")
    answer = app.SignReader(tmp_path / "models", "cpu")(str(path), None)
    # The page shows the command line's message, with the upload's temporary folder left out.
    assert answer.message == "⚠️ " + cli.replace(str(path), path.name)
    assert answer.message.startswith(f"⚠️ {path.name}: ") and "\n" not in answer.message
    assert answer.seen is None and answer.top == {}


def test_missing_models_say_which_lesson_to_run(tmp_path):
    reader = app.SignReader(tmp_path / "empty", "cpu")
    assert reader.available() == []
    assert "04a_asl_augmentation" in reader.status() and "make all" in reader.status()
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    first, second = list(app.SIGN_MODELS)
    answer = reader(str(photo), first)
    assert answer.message.startswith("⚠️ no saved model at ")
    assert ASL_MODEL_FILE in answer.message and "04a_asl_augmentation" in answer.message and answer.top == {}
    assert "06_capstone_real_hands" in reader(str(photo), second).message
    assert reader(None, first).message == app.ASK_FOR_PHOTO


def test_a_damaged_model_file_is_reported_in_the_page(tmp_path):
    (tmp_path / ASL_MODEL_FILE).write_bytes(b"not a checkpoint")
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    message = app.SignReader(tmp_path, "cpu")(str(photo), None).message
    assert message.startswith("⚠️ ") and ASL_MODEL_FILE in message and "\n" not in message


def test_a_model_saved_while_the_app_runs_is_picked_up(tmp_path):
    reader = app.SignReader(tmp_path, "cpu")
    photo = tmp_path / "grey.png"
    Image.new("L", (40, 40), 100).save(photo)
    assert reader(str(photo), None).top == {}
    torch.manual_seed(0)
    save_letter_reader(tmp_path, dense_net(24).eval())
    assert len(reader(str(photo), None).top) == 3
    assert list(app.SIGN_MODELS)[0] in reader.status()


def test_without_weights_the_door_tab_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", offline)
    door = app.DoggyDoor("vgg16", tmp_path, "cpu")
    assert door.model is None and "vgg16" in door.status() and "FDL_BACKBONE=mobilenet_v2" in door.status()
    assert door(str(tmp_path / "any.jpg")).message == door.status()


@needs_mirror
def test_doggy_door_on_the_course_photos(tmp_path):
    folder = download("doggy_door_images") / "doggy_door_images"
    door = app.DoggyDoor("mobilenet_v2", tmp_path, "cpu")
    assert "05_pretrained_vgg16" in door.status() and 'BACKBONE = "mobilenet_v2"' in door.status()
    expected = {"happy_dog.jpg": "## Dog: the door opens", "sleepy_cat.jpg": "## Cat: the door stays shut",
                "brown_bear.jpg": "## Neither dog nor cat"}
    for name, start in expected.items():
        answer = door(str(folder / name))
        assert answer.message.startswith(start), answer.message
        assert len(answer.top) == 3 and list(answer.top.values()) == sorted(answer.top.values(), reverse=True)
        assert "05_pretrained_vgg16" in answer.bo  # no door model for Bo yet
        assert answer.seen.size == (app.VIEW_SIZE, app.VIEW_SIZE) and answer.seen.mode == "RGB"
    # Lesson 05's door model, saved as the notebook saves it: Bo or not Bo, as read_score reads the score.
    base, weights, _ = load_backbone("mobilenet_v2", verbose=False)
    torch.manual_seed(0)
    model = TransferModel(base, 1).eval()
    save_checkpoint(door.door_file, model, architecture="transfer",
                    architecture_args={"backbone": "mobilenet_v2", "n_outputs": 1}, classes=["bo", "not_bo"],
                    let_in="bo", transforms=transforms_info(weights))
    reloaded, info = load_transfer_model(door.door_file)
    photo = folder / "happy_dog.jpg"
    with torch.no_grad():
        guess, p = read_score(reloaded(photo_transform(info)(Image.open(photo).convert("RGB")).unsqueeze(0))[0, 0],
                              info["classes"])
    bo = door(str(photo)).bo
    assert f"({p:.1%} sure it is {guess})" in bo
    assert ("the door opens" in bo) == (guess == "bo")
    assert "Bo's door model" in door.status()


def test_the_page_builds_offline_with_no_models(tmp_path, monkeypatch):
    monkeypatch.setenv("FDL_BACKBONE", "squeezenet1_1")
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))
    monkeypatch.setattr(torch.hub, "load_state_dict_from_url",
                        lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable")))
    demo = app.build_app(tmp_path / "models", device="cpu")
    texts = [b.value for b in demo.blocks.values() if type(b).__name__ == "Markdown" and isinstance(b.value, str)]
    assert any("04a_asl_augmentation" in t for t in texts) and any("squeezenet1_1" in t for t in texts)


def test_lesson_06s_model_reads_a_colour_crop(tmp_path):
    """The sign tab with lesson 06's transfer model: its own preprocessing, shown in colour."""
    from utils.models import transfer
    from utils.sign_reader import load_asl_model, preparer

    torch.manual_seed(0)
    model = transfer("squeezenet1_1", n_outputs=24, features=True)
    mean, std = [0.5, 0.4, 0.3], [0.25, 0.2, 0.3]
    save_checkpoint(tmp_path / REAL_HANDS_MODEL_FILE, model, architecture="transfer",
                    architecture_args={"backbone": "squeezenet1_1", "n_outputs": 24, "features": True},
                    classes=LETTERS, transforms={"resize": 73, "crop": 64, "mean": mean, "std": std})
    photo = tmp_path / "hand.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (90, 70, 3), dtype=np.uint8)).save(photo)
    reader = app.SignReader(tmp_path, "cpu")
    second = list(app.SIGN_MODELS)[1]
    assert reader.available() == [second]
    answer = reader(str(photo), second)
    loaded, info = load_asl_model(tmp_path / REAL_HANDS_MODEL_FILE, "cpu")
    direct = predict_letter(photo, loaded, LETTERS, prepare=preparer(info))
    assert list(answer.top) == [letter for letter, _ in direct.top]
    # What the model sees: the 64 x 64 colour crop, its normalisation undone.
    assert answer.seen.mode == "RGB" and answer.seen.size == (app.VIEW_SIZE, app.VIEW_SIZE)
    x = preparer(info)(photo)[0] * torch.tensor(std).view(3, 1, 1) + torch.tensor(mean).view(3, 1, 1)
    seen = torch.from_numpy(np.array(answer.seen.resize((64, 64), Image.NEAREST))).permute(2, 0, 1).float() / 255
    assert torch.allclose(seen, x.clamp(0, 1), atol=1 / 255 + 1e-6)


def test_a_taken_port_gets_one_line_and_status_2(tmp_path, monkeypatch, capsys):
    import socket

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url",
                        lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable")))
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert app.main(["--port", str(port), "--models", str(tmp_path), "--backbone", "squeezenet1_1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}") and f"--port {port + 1}" in err
    assert "\n" not in err


def test_the_server_connects_nowhere_but_this_computer(tmp_path, monkeypatch):
    """Started in this process: every connection the app opens (analytics, version checks, fonts) is recorded;
    only loopback ones are allowed. The page it serves links no outside script, style sheet or font."""
    import json
    import re
    import socket
    import urllib.request

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url",
                        lambda *a, **k: (_ for _ in ()).throw(OSError("network is unreachable")))
    monkeypatch.delenv("FDL_MIRROR", raising=False)
    outside = []
    connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            outside.append(address)
            raise OSError("the test allows no connection outside this computer")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    demo = app.build_app(tmp_path, backbone="squeezenet1_1", device="cpu")
    app.launch(demo, port=None, prevent_thread_lock=True)
    try:
        page = urllib.request.urlopen(demo.local_url, timeout=30).read().decode()
        config = urllib.request.urlopen(demo.local_url + "config", timeout=30).read().decode()
    finally:
        demo.close()
    assert outside == []
    fetched = re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=\"(https?://[^\"]+)", page)
    assert [url for url in fetched if "127.0.0.1" not in url] == []
    config = json.loads(config)
    assert config["stylesheets"] == [] and not config["analytics_enabled"]  # e.g. a Google font's style sheet
    assert "fonts.googleapis" not in page and "04a_asl_augmentation" in json.dumps(config)
