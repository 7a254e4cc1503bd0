"""A local web app for the course's models: the sign-language reader and the doggy door (lesson 04b's last section).

``make demo`` or ``python -m utils.app`` starts it on http://127.0.0.1:7860 (``--host 0.0.0.0 --port 8000``
to show it to a classroom on the local network). Two tabs:

- **Sign language**: a photo (uploaded, or taken with the webcam) goes through the same ``predict_letter``
  as lesson 04b and ``python -m utils.read_signs``; the page shows the picture the model sees, the letter
  and the top three. It reads with lesson 04a's model, or lesson 06's model of real hands when saved.
- **Doggy door**: lesson 05's ImageNet backbone (``FDL_BACKBONE``, default vgg16; weights from the mirror
  when ``FDL_MIRROR`` holds them) gives the top three classes and the door's decision; with the door model
  lesson 05 saved for that backbone, also Bo or not Bo.

Deploying, here, means: load each saved ``state_dict`` once, in ``eval()`` mode, and share it between
requests; answer each request under ``torch.no_grad()`` with exactly the preprocessing the model was
trained with. A model saved while the app runs is picked up at the next request (files are checked by
their modification time). A missing model or a bad upload is reported in the page, in one line.

Offline by design: no analytics, the theme uses the system's fonts, and no public share link is made.
The handlers (``SignReader``, ``DoggyDoor``) are plain functions of a file path, tested without a browser.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from PIL import Image

from . import config
from .config import SettingError
from .datasets import ASL_LETTERS
from .images import ImageError, open_image
from .models import ModelFileError, load_model_once
from .read_signs import one_line
from .sign_reader import ASL_MODEL_FILE, REAL_HANDS_MODEL_FILE, load_asl_model, predict_letter, preparer

#: The sign-language models the app can use: the name shown in the page -> the file in models/.
SIGN_MODELS = {
    "Lesson 04a: CNN on 28 x 28 grey (sign-language MNIST)": ASL_MODEL_FILE,
    "Lesson 06: transfer learning on real photos of hands": REAL_HANDS_MODEL_FILE,
}
DEFAULT_PORT = 7860
ASK_FOR_PHOTO = "Upload a photo, or take one with the webcam."
VIEW_SIZE = 224  # the model's input is shown enlarged to this many pixels, without smoothing
PREVIEW_SIZE = 512


def _problem(err: Exception, photo: str | Path | None = None) -> str:
    """One line for the page: the command line's message, with an upload's temporary path shortened to its name."""
    text = one_line(err)
    if photo is not None:
        text = text.replace(str(photo), Path(photo).name)
    return f"⚠️ {text}"


def model_view(x: torch.Tensor, mean=None, std=None) -> Image.Image:
    """The input a model gets (a batch of one) as a picture: 28 x 28 grey, or a colour crop with its
    normalisation (``mean``, ``std``) undone; enlarged without smoothing so the pixels stay visible."""
    x = x[0].detach().float().cpu()
    if mean is not None:
        x = x * torch.tensor(std).view(-1, 1, 1) + torch.tensor(mean).view(-1, 1, 1)
    pixels = (x.clamp(0, 1) * 255).round().byte().permute(1, 2, 0).numpy()
    image = Image.fromarray(pixels[:, :, 0], "L") if pixels.shape[2] == 1 else Image.fromarray(pixels, "RGB")
    return image.resize((VIEW_SIZE, VIEW_SIZE), Image.NEAREST)


def preview(photo: str | Path) -> Image.Image:
    """The photo as given, small enough to show in the page."""
    image = open_image(photo, draft_size=PREVIEW_SIZE)
    image.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE))
    return image


def _normalisation(info: dict) -> tuple:
    """(mean, std) of a transfer model's input, or (None, None) for the 28 x 28 models' plain [0, 1]."""
    t = info.get("transforms") if info.get("architecture") == "transfer" else None
    return (t["mean"], t["std"]) if t else (None, None)


@dataclass
class Answer:
    """What a tab shows: a line of text, the photo, the model's input, the top classes with probabilities."""

    message: str
    photo: Image.Image | None = None
    seen: Image.Image | None = None
    top: dict[str, float] = field(default_factory=dict)


class SignReader:
    """The sign-language tab's handler: a photo's path and a model's file name in, an ``Answer`` out."""

    def __init__(self, models: str | Path | None = None, device: torch.device | str | None = None):
        self.models = Path(models) if models is not None else config.models_dir()
        self.device = device

    def available(self) -> list[str]:
        """The names (keys of ``SIGN_MODELS``) of the models saved so far."""
        return [name for name, file in SIGN_MODELS.items() if (self.models / file).exists()]

    def status(self) -> str:
        saved = self.available()
        if not saved:
            return (f"⚠️ No sign-language model is saved in `{self.models}` yet. Run notebook "
                    f"`04a_asl_augmentation` (or `make all`) to train one, then reload this page.")
        return f"Models saved: {', '.join(saved)}. {ASK_FOR_PHOTO}"

    def __call__(self, photo: str | Path | None, model_name: str | None = None) -> Answer:
        if photo is None:
            return Answer(ASK_FOR_PHOTO)
        file = SIGN_MODELS.get(model_name or "", ASL_MODEL_FILE)
        try:
            model, info = load_asl_model(self.models / file, self.device)  # loaded once, shared by requests
        except (ModelFileError, SettingError) as err:
            return Answer(_problem(err))
        prepare, seen = preparer(info), []

        def prepare_and_keep(path):  # the model's input, kept to show it
            seen.append(prepare(path))
            return seen[-1]

        try:
            prediction = predict_letter(photo, model, info.get("classes") or ASL_LETTERS, prepare=prepare_and_keep)
        except ImageError as err:
            return Answer(_problem(err, photo))
        return Answer(f"## {prediction.letter.upper()}\nThe model reads the letter **{prediction.letter}** "
                      f"({prediction.probability:.1%} sure).",
                      preview(photo), model_view(seen[-1], *_normalisation(info)),
                      {letter: p for letter, p in prediction.top})


@dataclass
class DoorAnswer(Answer):
    """The doggy-door tab also says Bo or not Bo."""

    bo: str = ""


class DoggyDoor:
    """The doggy-door tab's handler (lesson 05): the ImageNet backbone, loaded once, and the door model
    that lesson 05 saved for it, when there is one."""

    def __init__(self, backbone: str | None = None, models: str | Path | None = None,
                 device: torch.device | str | None = None):
        from .device import get_device
        from .pretrained import BackboneError, load_backbone

        self.backbone = backbone or os.environ.get("FDL_BACKBONE") or "vgg16"
        self.models = Path(models) if models is not None else config.models_dir()
        self.device = device or get_device(verbose=False)
        self.model = self.weights = None
        self.error = ""
        try:
            # verbose: a first download of the weights (VGG16: 528 MB) shows its progress
            self.model, self.weights, self.source = load_backbone(self.backbone, self.device, verbose=True)
            self.preprocess = self.weights.transforms()
        except (BackboneError, SettingError, ValueError) as err:
            self.error = _problem(err)

    @property
    def door_file(self) -> Path:
        return self.models / f"doggy_door_{self.backbone}.pt"

    def status(self) -> str:
        if self.error:
            return self.error
        door = (f"Bo's door model: `{self.door_file.name}`." if self.door_file.exists() else
                f"No door model for Bo yet: run notebook `05_pretrained_vgg16` with `BACKBONE = \"{self.backbone}\"` "
                f"(or `make all`), then reload this page.")
        return f"ImageNet classifier: {self.backbone}. {door}"

    def door_model(self) -> tuple[torch.nn.Module, dict]:
        """Lesson 05's door model, read once per saved file; ``ModelFileError`` when missing or unreadable."""
        return load_model_once(self.door_file, self.device, architectures=("transfer",))

    @torch.no_grad()
    def __call__(self, photo: str | Path | None) -> DoorAnswer:
        from .pretrained import doggy_door_decision, imagenet_top, photo_transform, read_score

        if self.model is None:
            return DoorAnswer(self.error)
        if photo is None:
            return DoorAnswer(ASK_FOR_PHOTO)
        try:
            image = open_image(photo)
        except ImageError as err:
            return DoorAnswer(_problem(err, photo))
        x = self.preprocess(image)
        top3 = imagenet_top(self.model, self.weights, x, k=3)
        index, name, p = top3[0]
        message = f"## {doggy_door_decision(index).capitalize()}\nImageNet's best guess: **{name}** ({p:.1%})."
        try:
            door, info = self.door_model()
        except ModelFileError as err:
            bo = (f"Bo's door: no model saved for {self.backbone} yet (notebook `05_pretrained_vgg16` trains one)."
                  if not self.door_file.exists() else _problem(err))
        else:
            door_input = photo_transform(info)(image).unsqueeze(0).to(self.device)
            guess, p_guess = read_score(door.eval()(door_input)[0, 0], info["classes"])
            let_in = info.get("let_in", info["classes"][0])
            verdict = f"**{guess}**: the door opens" if guess == let_in else f"**not {let_in}**: the door stays shut"
            bo = f"Bo's door: {verdict} ({p_guess:.1%} sure it is {guess})."
        view = model_view(x.unsqueeze(0), self.preprocess.mean, self.preprocess.std)
        return DoorAnswer(message, preview(photo), view, {n: q for _, n, q in top3}, bo)


def build_app(models: str | Path | None = None, backbone: str | None = None,
              device: torch.device | str | None = None):
    """The page, as a ``gradio.Blocks`` (not started): ``build_app().launch()`` serves it."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    reader, door = SignReader(models, device), DoggyDoor(backbone, models, device)

    def read(photo, model_name):
        answer = reader(photo, model_name)
        return answer.message, answer.photo, answer.seen, answer.top or None

    def open_door(photo):
        answer = door(photo)
        return answer.message, answer.photo, answer.seen, answer.top or None, answer.bo

    def choices():
        saved = reader.available() or list(SIGN_MODELS)[:1]
        return gr.Radio(choices=saved, value=saved[0], label="Model", elem_id="sign-model")

    def photo_inputs(name: str, what: str):
        """Any file (the handler names what is wrong with a bad one), or a photo from the webcam."""
        upload = gr.File(label=f"Upload a photo of {what}", type="filepath", elem_id=f"{name}-upload")
        webcam = gr.Image(label="... or take one with the webcam", sources=["webcam"], type="filepath",
                          height=240, elem_id=f"{name}-webcam")
        return upload, webcam

    def photo_outputs(name: str, seen: str):
        with gr.Row():
            photo = gr.Image(label="Your photo", interactive=False, height=VIEW_SIZE, buttons=["fullscreen"],
                             elem_id=f"{name}-photo")
            model_input = gr.Image(label=seen, interactive=False, height=VIEW_SIZE, buttons=["download", "fullscreen"],
                                   elem_id=f"{name}-seen")
        return photo, model_input

    # Uploads are kept in Gradio's temporary folder; delete_cache removes them after an hour, and when the app stops.
    with gr.Blocks(title="fdl: the course's models", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown("# Fundamentals of deep learning: the course's models\n"
                    "Everything runs on this computer: your photos are not sent anywhere.")
        with gr.Tab("Sign language", id="sign"):
            sign_status = gr.Markdown(reader.status(), elem_id="sign-status")
            with gr.Row():
                with gr.Column(scale=2):
                    sign_upload, sign_webcam = photo_inputs("sign", "a hand")
                    sign_model = choices()
                with gr.Column(scale=3):
                    sign_answer = gr.Markdown(ASK_FOR_PHOTO, elem_id="sign-answer")
                    sign_outputs = [sign_answer, *photo_outputs("sign", "What the model sees"),
                                    gr.Label(num_top_classes=3, label="Top 3 letters", elem_id="sign-top")]
            for photo in (sign_upload, sign_webcam):
                photo.change(read, [photo, sign_model], sign_outputs)
            sign_model.change(lambda upload, webcam, name: read(upload or webcam, name),
                              [sign_upload, sign_webcam, sign_model], sign_outputs)
        with gr.Tab("Doggy door", id="door"):
            door_status = gr.Markdown(door.status(), elem_id="door-status")
            with gr.Row():
                with gr.Column(scale=2):
                    door_upload, door_webcam = photo_inputs("door", "who is at the door")
                with gr.Column(scale=3):
                    door_answer = gr.Markdown(ASK_FOR_PHOTO, elem_id="door-answer")
                    door_outputs = [door_answer, *photo_outputs("door", "What the ImageNet network sees"),
                                    gr.Label(num_top_classes=3, label="Top 3 ImageNet classes", elem_id="door-top"),
                                    gr.Markdown(elem_id="door-bo")]
            for photo in (door_upload, door_webcam):
                photo.change(open_door, [photo], door_outputs)
        # On every page load, models saved since the app started appear.
        demo.load(lambda: (reader.status(), choices(), door.status()), None, [sign_status, sign_model, door_status])
    return demo


def theme():
    """Gradio's default look with the system's fonts, so the page fetches nothing from the internet."""
    import gradio as gr

    return gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def launch(demo, host: str = "127.0.0.1", port: int | None = DEFAULT_PORT, **kwargs):
    """Serve ``demo`` locally, offline (never a public share link); returns at once with ``prevent_thread_lock``."""
    return demo.launch(server_name=host, server_port=port, share=False, theme=theme(), ssr_mode=False,
                       quiet=True, max_file_size="50mb", **kwargs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.app",
                                     description="A local web page that reads sign language and runs the doggy door.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this computer only; 0.0.0.0: the local network)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--backbone", help="the doggy door's ImageNet network (default: FDL_BACKBONE, else vgg16)")
    parser.add_argument("--models", help="the folder of saved models (default: models/)")
    args = parser.parse_args(argv)
    try:
        demo = build_app(args.models, args.backbone)
        launch(demo, args.host, args.port, prevent_thread_lock=True)
    except SettingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # Gradio's "Cannot find empty port"
        print(f"error: cannot listen on {args.host}:{args.port} ({str(err).split('.')[0].strip()}); another program, "
              f"or the app itself, already uses it: stop it, or choose another port with --port {args.port + 1}",
              file=sys.stderr)
        return 2
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"fdl demo ready: http://{shown}:{demo.server_port}  (Ctrl+C stops it)", flush=True)
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops it as Ctrl+C does: uploads deleted, port freed
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        demo.close()
    return 0


def _stop(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
