"""What the command line and the web app read photos with: the saved models and the two tabs' handlers (lessons 04b-06).

- ``load_reader(path)``: a sign-language model the course saved, lesson 04a's (28 x 28 grey) or lesson
  06's (transfer learning on real photos of hands), loaded once and shared by every request
  (``load_model(shared=True)``), in ``eval()`` mode; ``input_transform(info)`` is how that model wants a
  photo: lesson 04b's ``prepare``, or the colour crop and normalisation its file records.
- ``SignReader`` and ``DoggyDoor``: the web app's two tabs as plain functions of a photo's path, which
  return an ``Answer`` (a line of text, the photo, what the model sees, the top classes). They answer
  under ``torch.no_grad()`` with exactly the preprocessing each model was trained with; a model saved
  while the app runs is used from the next request on. A missing model or a bad photo is one line.
- ``open_photo``: how both, and the command line, open a photo: at most ``MAX_DECODED_PIXELS`` decoded
  (``utils.plumbing.images``), refused in one line before decoding otherwise, and one large picture
  decoded at a time, so that a few users sending huge pictures cannot exhaust the memory or starve the others.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import torch
from PIL import Image

from ..data import ASL_LETTERS
from ..plumbing import settings
from ..plumbing.checkpoints import ModelFileError, load_model
from ..plumbing.device import get_device
from ..plumbing.errors import one_line
from ..plumbing.images import MAX_DECODED_PIXELS, ImageError, open_image
from ..plumbing.settings import SettingError
from ..pretrained import (
    BackboneError,
    doggy_door_decision,
    imagenet_top,
    load_backbone,
    preprocess_from,
    read_score,
)
from ..sign_reader import (
    ASL_MODEL_FILE,
    INPUT_SIZE,
    MISSING_MODEL_HINT,
    SIGN_ARCHITECTURES,
    predict_letter,
    prepare,
)

#: The file lesson 06 saves its model of real hands to, in the models folder.
REAL_HANDS_MODEL_FILE = "asl_real_hands.pt"
MISSING_REAL_HANDS_HINT = "Run notebook 06_capstone_real_hands to train and save it."

#: The sign-language models the app can use: the name shown in the page -> the file in models/.
SIGN_MODELS = {
    "Lesson 04a: CNN on 28 x 28 grey (sign-language MNIST)": ASL_MODEL_FILE,
    "Lesson 06: transfer learning on real photos of hands": REAL_HANDS_MODEL_FILE,
}
ASK_FOR_PHOTO = "Upload a photo, or take one with the webcam."
VIEW_SIZE = 224  # the model's input is shown enlarged to this many pixels, without smoothing
PREVIEW_SIZE = 512
#: Pictures that decode to more pixels than this (2048 x 2048) are decoded one at a time.
LARGE_PIXELS = 2048 * 2048
_large_decodes = threading.BoundedSemaphore(1)


def _decode_slot(pixels: int):
    """Where a picture of ``pixels`` is decoded: a large one waits for the one large decoding at a time."""
    return _large_decodes if pixels > LARGE_PIXELS else nullcontext()


def open_photo(photo: str | Path, draft: int):
    """A photo as the command line and both tabs open it: ``open_image`` with the course's limit on what is
    decoded (``MAX_DECODED_PIXELS``), a JPEG at a reduced scale that keeps both sides at least ``draft``,
    and one large picture decoded at a time."""
    return open_image(photo, draft_size=draft, max_pixels=MAX_DECODED_PIXELS, decode_slot=_decode_slot)


def load_reader(path: str | Path = ASL_MODEL_FILE, device: torch.device | str | None = None):
    """A sign-language model the course saved, shared by every caller: lesson 04a's, or lesson 06's model of
    real hands (a transfer model that reads the 24 letters and records its preprocessing)."""
    path = Path(path)
    device = device or get_device(verbose=False)
    hint = MISSING_REAL_HANDS_HINT if path.name == REAL_HANDS_MODEL_FILE else MISSING_MODEL_HINT
    model, info = load_model(path, device, hint=hint, architectures=SIGN_ARCHITECTURES + ("transfer",), shared=True)
    if info["architecture"] == "transfer":
        if list(info.get("classes") or []) != list(ASL_LETTERS) or not isinstance(info.get("transforms"), dict):
            raise ModelFileError(
                f"{path}: a transfer model, but not one that reads the 24 letters "
                f"(lesson 06 saves one as {REAL_HANDS_MODEL_FILE})"
            )
    elif list(info.get("input_size", [1, INPUT_SIZE, INPUT_SIZE])) != [1, INPUT_SIZE, INPUT_SIZE]:
        raise ModelFileError(
            f"{path}: it takes inputs of {info['input_size']}, not the 1 x 28 x 28 greyscale "
            f"images of the sign-language lessons"
        )
    return model, info


def input_transform(info: dict) -> Callable:
    """How the model that ``info`` describes wants an opened photo: lesson 04b's ``prepare`` (28 x 28 grey),
    or the colour crop and normalisation its file records (lesson 06)."""
    return preprocess_from(info["transforms"]) if info.get("architecture") == "transfer" else prepare


def draft_size(info: dict) -> int:
    """How small a JPEG may be decoded for this model and still lose nothing: four times its input."""
    return 4 * (info["transforms"]["resize"] if info.get("architecture") == "transfer" else INPUT_SIZE)


def markdown_literal(text: str) -> str:
    """``text`` shown as it is in a Markdown box: the characters that would make a link, an image, code, HTML or
    emphasis of a file's name are escaped (not an underscore between letters, as in happy_dog.jpg)."""
    return re.sub(r"([\\`*\[\]()<>!&~|]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))", r"\\\1", text)


def _problem(err: Exception, photo: str | Path | None = None) -> str:
    """One line for the page: the command line's message, with an upload's temporary path shortened to its name
    (shown as it is, whatever Markdown its name holds)."""
    text = one_line(err)
    if photo is not None:
        text = text.replace(one_line(photo), markdown_literal(one_line(Path(photo).name)))
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


def preview(image: Image.Image) -> Image.Image:
    """The photo as given, small enough to show in the page."""
    image = image.copy()
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
        self.models = Path(models) if models is not None else settings.models_dir()
        self.device = device

    def available(self) -> list[str]:
        """The names (keys of ``SIGN_MODELS``) of the models saved so far."""
        return [name for name, file in SIGN_MODELS.items() if (self.models / file).exists()]

    def status(self) -> str:
        saved = self.available()
        if not saved:
            return (
                f"⚠️ No sign-language model is saved in `{self.models}` yet. Run notebook "
                f"`04a_asl_augmentation` (or `make all`) to train one, then reload this page."
            )
        return f"Models saved: {', '.join(saved)}. {ASK_FOR_PHOTO}"

    def __call__(self, photo: str | Path | None, model_name: str | None = None) -> Answer:
        if photo is None:
            return Answer(ASK_FOR_PHOTO)
        if model_name and model_name not in SIGN_MODELS:
            return Answer(f"⚠️ No model is called {markdown_literal(one_line(model_name))!r}: choose one of the list.")
        file = SIGN_MODELS.get(model_name or "", ASL_MODEL_FILE)
        try:
            model, info = load_reader(self.models / file, self.device)  # loaded once, shared by requests
        except (ModelFileError, SettingError) as err:
            return Answer(_problem(err))
        transform, seen = input_transform(info), []

        def prepare_and_keep(image):  # the model's input, kept to show it
            seen.append(transform(image).unsqueeze(0))
            return seen[-1][0]

        try:
            image = open_photo(photo, max(draft_size(info), PREVIEW_SIZE))  # decoded once: the model, the preview
        except ImageError as err:
            return Answer(_problem(err, photo))
        prediction = predict_letter(image, model, info.get("classes") or ASL_LETTERS, prepare=prepare_and_keep)
        return Answer(
            f"## {prediction.letter.upper()}\nThe model reads the letter **{prediction.letter}** "
            f"({prediction.probability:.1%} sure).",
            preview(image),
            model_view(seen[-1], *_normalisation(info)),
            {letter: p for letter, p in prediction.top},
        )


@dataclass
class DoorAnswer(Answer):
    """The doggy-door tab also says Bo or not Bo."""

    bo: str = ""


class DoggyDoor:
    """The doggy-door tab's handler (lesson 05): the ImageNet backbone, loaded once, and the door model
    that lesson 05 saved for it, when there is one."""

    def __init__(
        self, backbone: str | None = None, models: str | Path | None = None, device: torch.device | str | None = None
    ):
        self.backbone = backbone or settings.backbone()
        self.models = Path(models) if models is not None else settings.models_dir()
        self.device = device or get_device(verbose=False)
        self.model = self.weights = None
        self.error = ""
        try:
            # a first download of the weights (VGG16: 528 MB) shows its progress; where they came from is not said
            self.model, self.weights, self.source = load_backbone(
                self.backbone, self.device, verbose=False, progress=True
            )
            self.preprocess = self.weights.transforms()
        except (BackboneError, SettingError) as err:
            self.error = _problem(err)

    @property
    def door_file(self) -> Path:
        return self.models / f"doggy_door_{self.backbone}.pt"

    def status(self) -> str:
        if self.error:
            return self.error
        door = (
            f"Bo's door model: `{self.door_file.name}`."
            if self.door_file.exists()
            else f'No door model for Bo yet: run notebook `05_pretrained_vgg16` with `BACKBONE = "{self.backbone}"` '
            f"(or `make all`), then reload this page."
        )
        return f"ImageNet classifier: {self.backbone}. {door}"

    def door_model(self) -> tuple[torch.nn.Module, dict]:
        """Lesson 05's door model, read once per saved file; ``ModelFileError`` when missing or unreadable."""
        return load_model(self.door_file, self.device, architectures=("transfer",), shared=True)

    @torch.no_grad()
    def __call__(self, photo: str | Path | None) -> DoorAnswer:
        if self.model is None:
            return DoorAnswer(self.error)
        if photo is None:
            return DoorAnswer(ASK_FOR_PHOTO)
        try:  # a JPEG at a reduced scale that keeps four times the side the network's preset resizes to
            image = open_photo(photo, max(4 * max(self.preprocess.resize_size), PREVIEW_SIZE))
        except ImageError as err:
            return DoorAnswer(_problem(err, photo))
        x = self.preprocess(image)
        top3 = imagenet_top(self.model, self.weights, x, k=3)
        index, name, p = top3[0]
        message = f"## {doggy_door_decision(index).capitalize()}\nImageNet's best guess: **{name}** ({p:.1%})."
        try:
            door, info = self.door_model()
        except ModelFileError as err:
            bo = (
                f"Bo's door: no model saved for {self.backbone} yet (notebook `05_pretrained_vgg16` trains one)."
                if not self.door_file.exists()
                else _problem(err)
            )
        else:
            door_input = preprocess_from(info["transforms"])(image).unsqueeze(0).to(self.device)
            guess, p_guess = read_score(door.eval()(door_input)[0, 0], info["classes"])
            let_in = info.get("let_in", info["classes"][0])
            verdict = f"**{guess}**: the door opens" if guess == let_in else f"**not {let_in}**: the door stays shut"
            bo = f"Bo's door: {verdict} ({p_guess:.1%} sure it is {guess})."
        view = model_view(x.unsqueeze(0), self.preprocess.mean, self.preprocess.std)
        return DoorAnswer(message, preview(image), view, {n: q for _, n, q in top3}, bo)
