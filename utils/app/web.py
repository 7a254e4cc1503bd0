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

Under a classroom (``--host 0.0.0.0``):

- Every way into a model (the upload boxes, the webcams, the model's choice) hands the handler Gradio's
  file data unprocessed (``preprocess=False``): the photo is opened by ``readers.open_photo`` alone, with
  its checks and limits, whichever endpoint it came through, and no empty temporary file is left per upload.
- Each answer's pictures are saved in a folder of that answer's own (``AppFiles.answer_file``), never
  in Gradio's cache of files named by their content, which rewrites a shared file while another
  response is still sending it.
- The models' events share one queue slot group (``WORKERS`` at a time, ``QUEUE_SIZE`` waiting at most),
  and a large picture is decoded one at a time, so that no user can starve the others.
- The photos live in ``AppFiles``'s private folder for this run, deleted when the app stops (Ctrl+C,
  ``kill``, closing the terminal) or at the next start after a ``kill -9``; uploads are at most 32 MB.
- The browser keeps no history of the runs (Gradio's "Runs" page is off).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import signal
import sys
import time
from pathlib import Path

import torch
from starlette.middleware import Middleware  # Gradio's server is FastAPI's, on Starlette

from ..plumbing.errors import one_line
from ..plumbing.settings import SettingError
from .files import MAX_UPLOAD_BYTES, AppFiles, AppFilesError, UploadGuard
from .readers import ASK_FOR_PHOTO, SIGN_MODELS, VIEW_SIZE, DoggyDoor, SignReader

DEFAULT_PORT = 7860
#: Requests to the models that run at once (all five endpoints together): more would share the same two
#: cores and only add memory; a large picture is decoded one at a time besides (``readers.open_photo``).
WORKERS = 4
#: Requests that may wait in the queue; the next ones are told that the queue is full.
QUEUE_SIZE = 128
NO_ROOM_FOR_PICTURES = "\n\n⚠️ The disk of the computer running the app is full: the pictures cannot be shown."


def build_app(
    models: str | Path | None = None,
    backbone: str | None = None,
    device: torch.device | str | None = None,
    files: AppFiles | None = None,
):
    """The page, as a ``gradio.Blocks`` (not started): ``launch(build_app())`` serves it.

    ``files``: the folder the app keeps photos and answers in (``AppFiles()``, a private folder for this
    run, by default); Gradio is told to keep its files there too (``GRADIO_TEMP_DIR``), so it is set for
    the whole process. ``demo.fdl_files`` is that folder; ``close(demo)`` stops the app and deletes it."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    files = files or AppFiles()
    os.environ["GRADIO_TEMP_DIR"] = str(files.path)  # Gradio reads it for each component and request
    import gradio as gr  # noqa: PLC0415 - heavy (4 s to import): only when the page is built

    reader, door = SignReader(models, device), DoggyDoor(backbone, models, device)

    def pictures(answer):
        photo, seen = files.answer_file(answer.photo, "photo.webp"), files.answer_file(answer.seen, "seen.png")
        lost = answer.photo is not None and (photo is None or seen is None)
        return answer.message + (NO_ROOM_FOR_PICTURES if lost else ""), photo, seen

    def read(photo, model_name):
        answer = reader(files.take(photo), model_name)
        return *pictures(answer), answer.top or None

    def open_door(photo):
        answer = door(files.take(photo))
        return *pictures(answer), answer.top or None, answer.bo

    def choices():
        saved = reader.available() or list(SIGN_MODELS)[:1]
        return gr.Radio(choices=saved, value=saved[0], label="Model", elem_id="sign-model")

    # The models' events: the handler opens the photo itself (no decoding by Gradio, whatever the endpoint),
    # and all of them share WORKERS slots of one queue.
    model_event = dict(preprocess=False, concurrency_id="models", concurrency_limit=WORKERS)

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

    # Uploads and answers are kept in the app's own folder (files): Gradio's delete_cache and files.sweep() delete
    # them after an hour (an upload no request used after two minutes), and the folder goes when the app stops.
    with gr.Blocks(title="fdl: the course's models", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(
            "# Fundamentals of deep learning: the course's models\n"
            "Everything runs on this computer: your photos are not sent anywhere, and are deleted when the app "
            "stops. This page keeps no history of them."
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
                photo.change(read, [photo, sign_model], sign_outputs, **model_event)
            sign_model.change(
                lambda upload, webcam, name: read(upload or webcam, name),
                [sign_upload, sign_webcam, sign_model],
                sign_outputs,
                **model_event,
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
                photo.change(open_door, [photo], door_outputs, **model_event)
        # On every page load, models saved since the app started appear.
        demo.load(lambda: (reader.status(), choices(), door.status()), None, [sign_status, sign_model, door_status])
    demo.queue(max_size=QUEUE_SIZE)
    demo.fdl_files = files
    return demo


def theme():
    """Gradio's default look with the system's fonts, so the page fetches nothing from the internet."""
    import gradio as gr  # noqa: PLC0415 - heavy (4 s to import): only when the page is built

    return gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def launch(demo, host: str = "127.0.0.1", port: int | None = DEFAULT_PORT, **kwargs):
    """Serve ``demo`` locally, offline (never a public share link); returns at once with ``prevent_thread_lock``.

    The upload route gets ``UploadGuard`` (sizes, a full disk) and the server's lifespan sweeps the app's
    folder; the run history Gradio would keep in the browser is off."""
    files = demo.fdl_files
    return demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        theme=theme(),
        ssr_mode=False,
        quiet=True,
        max_file_size=MAX_UPLOAD_BYTES,
        run_history=False,
        app_kwargs={"middleware": [Middleware(UploadGuard, files=files)], "lifespan": files.lifespan},
        **kwargs,
    )


def close(demo) -> None:
    """Stop the server and delete the app's folder: every photo, preview and answer of this run."""
    try:
        demo.close()
    finally:
        demo.fdl_files.close()


def port_number(text: str) -> int:
    """``--port``: a whole number from 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: use a whole number from 1 to 65535")
    return port


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils.app", description="A local web page that reads sign language and runs the doggy door."
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this computer only; 0.0.0.0: the local network)",
    )
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--backbone", help="the doggy door's ImageNet network (default: FDL_BACKBONE, else vgg16)")
    parser.add_argument("--models", help="the folder of saved models (default: models/)")
    args = parser.parse_args(argv)
    # `kill` and closing the terminal stop it as Ctrl+C does: photos deleted, port freed (not under nohup).
    signal.signal(signal.SIGTERM, _stop)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, _stop)
    os.umask(0o077)  # every file the app writes is for this user only
    _give_back_large_blocks()
    files = demo = None
    try:
        files = AppFiles()
        demo = build_app(args.models, args.backbone, files=files)
        launch(demo, args.host, args.port, prevent_thread_lock=True)
        shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
        print(f"fdl demo ready: http://{shown}:{demo.server_port}  (Ctrl+C stops it)", flush=True)
        while True:
            time.sleep(3600)
    except (SettingError, AppFilesError) as err:
        print(f"error: {one_line(err)}", file=sys.stderr)
        return 2
    except OSError as err:  # Gradio's "Cannot find empty port"
        print(
            f"error: cannot listen on {args.host}:{args.port} ({str(err).split('.')[0].strip()}); another program, "
            f"or the app itself, already uses it: stop it, or choose another port with --port {args.port + 1}",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        if demo is not None:
            close(demo)
        elif files is not None:
            files.close()


def _stop(signum, frame):
    raise KeyboardInterrupt


def _give_back_large_blocks(threshold: int = 8 * 2**20) -> None:
    """With glibc, map every allocation of ``threshold`` bytes or more on its own, so that its memory goes back to
    the system when it is freed. Otherwise glibc raises that threshold as large blocks are freed, and keeps a
    large picture's memory in each thread's pool for good (the server kept 3 GB after 16 large pictures)."""
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt(-3, threshold)  # -3: M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to do
        pass
