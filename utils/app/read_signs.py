"""Lesson 04b's command line: ``python -m utils.app.read_signs photo.png [more.jpg ...]`` prints a letter per photo.

Uses the model that notebook 04a saves (``models/asl_cnn_augmented.pt``); ``--model models/asl_real_hands.pt``
uses lesson 06's model, which reads real photos of a hand far better (frame the photo on the hand).
A file that cannot be read gets one line saying why; the others are still predicted, and the exit
status is 1 if any file failed (2 if the model itself is missing or unreadable). Photos are opened as
the web app opens them (``readers.open_photo``): more than 16.8 megapixels decoded is refused, in one line.
"""

from __future__ import annotations

import argparse
import sys

from ..plumbing.checkpoints import ModelFileError
from ..plumbing.errors import one_line
from ..plumbing.images import ImageError
from ..plumbing.settings import SettingError
from ..sign_reader import ASL_MODEL_FILE, predict_letter
from .readers import draft_size, input_transform, load_reader, open_photo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils.app.read_signs", description="Predict the ASL letter shown in each photo."
    )
    parser.add_argument("photos", nargs="+", help="image files (PNG, JPEG, ...)")
    parser.add_argument(
        "--model",
        help="a model file saved by notebook 04a (the default, models/asl_cnn_augmented.pt) "
        "or 06 (models/asl_real_hands.pt, for real photos framed on the hand)",
    )
    args = parser.parse_args(argv)
    try:
        model, info = load_reader(args.model or ASL_MODEL_FILE)
    except (ModelFileError, SettingError) as err:
        print(f"error: {one_line(err)}", file=sys.stderr)
        return 2
    prepare, draft = input_transform(info), draft_size(info)
    failed = 0
    for photo in args.photos:
        try:
            prediction = predict_letter(open_photo(photo, draft), model, info.get("classes"), prepare=prepare)
            print(f"{one_line(photo)}: {prediction}")
        except ImageError as err:
            print(f"error: {one_line(err)}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
