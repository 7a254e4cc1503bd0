"""The course's web app: the sign-language reader and the doggy door in a local page (lesson 04b's last section).

``make demo`` or ``python -m utils.app`` starts it on http://127.0.0.1:7860 (``--host 0.0.0.0 --port 8000``
to show it to a classroom on the local network). Two tabs:

- **Sign language**: a photo (uploaded, or taken with the webcam) goes through the same ``predict_letter``
  as lesson 04b and ``python -m utils.app.read_signs``; the page shows the picture the model sees, the
  letter and the top three. It reads with lesson 04a's model, or lesson 06's model of real hands when saved.
- **Doggy door**: lesson 05's ImageNet backbone (``FDL_BACKBONE``, default vgg16; weights from the mirror
  when ``FDL_MIRROR`` holds them) gives the top three classes and the door's decision; with the door model
  lesson 05 saved for that backbone, also Bo or not Bo.

The handlers are ``utils.app.readers``'s, tested without a browser. Offline by design: no analytics, the
theme uses the system's fonts, and no public share link is made.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

import torch

from ..plumbing.settings import SettingError
from .readers import ASK_FOR_PHOTO, SIGN_MODELS, VIEW_SIZE, DoggyDoor, SignReader

DEFAULT_PORT = 7860


def build_app(models: str | Path | None = None, backbone: str | None = None, device: torch.device | str | None = None):
    """The page, as a ``gradio.Blocks`` (not started): ``build_app().launch()`` serves it."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr  # noqa: PLC0415 - heavy (4 s to import): only when the page is built

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
        webcam = gr.Image(
            label="... or take one with the webcam",
            sources=["webcam"],
            type="filepath",
            height=240,
            elem_id=f"{name}-webcam",
        )
        return upload, webcam

    def photo_outputs(name: str, seen: str):
        with gr.Row():
            photo = gr.Image(
                label="Your photo", interactive=False, height=VIEW_SIZE, buttons=["fullscreen"], elem_id=f"{name}-photo"
            )
            model_input = gr.Image(
                label=seen,
                interactive=False,
                height=VIEW_SIZE,
                buttons=["download", "fullscreen"],
                elem_id=f"{name}-seen",
            )
        return photo, model_input

    # Uploads are kept in Gradio's temporary folder; delete_cache removes them after an hour, and when the app stops.
    with gr.Blocks(title="fdl: the course's models", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(
            "# Fundamentals of deep learning: the course's models\n"
            "Everything runs on this computer: your photos are not sent anywhere."
        )
        with gr.Tab("Sign language", id="sign"):
            sign_status = gr.Markdown(reader.status(), elem_id="sign-status")
            with gr.Row():
                with gr.Column(scale=2):
                    sign_upload, sign_webcam = photo_inputs("sign", "a hand")
                    sign_model = choices()
                with gr.Column(scale=3):
                    sign_answer = gr.Markdown(ASK_FOR_PHOTO, elem_id="sign-answer")
                    sign_outputs = [
                        sign_answer,
                        *photo_outputs("sign", "What the model sees"),
                        gr.Label(num_top_classes=3, label="Top 3 letters", elem_id="sign-top"),
                    ]
            for photo in (sign_upload, sign_webcam):
                photo.change(read, [photo, sign_model], sign_outputs)
            sign_model.change(
                lambda upload, webcam, name: read(upload or webcam, name),
                [sign_upload, sign_webcam, sign_model],
                sign_outputs,
            )
        with gr.Tab("Doggy door", id="door"):
            door_status = gr.Markdown(door.status(), elem_id="door-status")
            with gr.Row():
                with gr.Column(scale=2):
                    door_upload, door_webcam = photo_inputs("door", "who is at the door")
                with gr.Column(scale=3):
                    door_answer = gr.Markdown(ASK_FOR_PHOTO, elem_id="door-answer")
                    door_outputs = [
                        door_answer,
                        *photo_outputs("door", "What the ImageNet network sees"),
                        gr.Label(num_top_classes=3, label="Top 3 ImageNet classes", elem_id="door-top"),
                        gr.Markdown(elem_id="door-bo"),
                    ]
            for photo in (door_upload, door_webcam):
                photo.change(open_door, [photo], door_outputs)
        # On every page load, models saved since the app started appear.
        demo.load(lambda: (reader.status(), choices(), door.status()), None, [sign_status, sign_model, door_status])
    return demo


def theme():
    """Gradio's default look with the system's fonts, so the page fetches nothing from the internet."""
    import gradio as gr  # noqa: PLC0415 - heavy (4 s to import): only when the page is built

    return gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def launch(demo, host: str = "127.0.0.1", port: int | None = DEFAULT_PORT, **kwargs):
    """Serve ``demo`` locally, offline (never a public share link); returns at once with ``prevent_thread_lock``."""
    return demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        theme=theme(),
        ssr_mode=False,
        quiet=True,
        max_file_size="50mb",
        **kwargs,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils.app", description="A local web page that reads sign language and runs the doggy door."
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this computer only; 0.0.0.0: the local network)",
    )
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
        print(
            f"error: cannot listen on {args.host}:{args.port} ({str(err).split('.')[0].strip()}); another program, "
            f"or the app itself, already uses it: stop it, or choose another port with --port {args.port + 1}",
            file=sys.stderr,
        )
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
