"""``make data``: fetch and check every data file, and the ImageNet weights of lesson 05's backbone (no lesson).

``python -m utils.tools.make_data [NAME ...]`` makes sure every file of the named data sets (default: all
of them) is in the data folder with the right sha256 (``utils.plumbing.downloads``), and fetches the
weights of the backbone lessons 05 and 06 will use (``FDL_BACKBONE``, else vgg16). So ``make all`` stops
in its first minute, with the fix, when something cannot be had, not after half an hour of training.
"""

from __future__ import annotations

import argparse
import sys

from ..plumbing import settings
from ..plumbing.downloads import DataError, download
from ..plumbing.registry import REGISTRY
from ..pretrained import BackboneError, imagenet_weights


def check_backbone(name: str) -> bool:
    """Fetch the ImageNet weights lesson 05 will use; say in one line where they are, or what to do."""
    try:
        _, source = imagenet_weights(name, verbose=True)
    except BackboneError as err:
        print(f"backbone {name} (lesson 05): {err}", file=sys.stderr)
        return False
    print(f"backbone {name} (lesson 05): weights ready ({source.split(':')[0].split(' (')[0]})")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.make_data", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"data sets to fetch (default: all): {', '.join(REGISTRY)}")
    args = parser.parse_args(argv)
    try:
        mirror = settings.mirror()
    except settings.SettingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    unknown = [n for n in args.names if n not in REGISTRY]
    if unknown:
        print(f"error: unknown data set {', '.join(unknown)}; known: {', '.join(REGISTRY)}", file=sys.stderr)
        return 2
    names = args.names or [n for n, files in REGISTRY.items() if mirror or all(f.upstream is not None for f in files)]
    failed = 0
    for name in names:
        try:
            root = download(name)
            print(f"{name}: {len(REGISTRY[name])} file(s) present and correct in {root}")
        except DataError as err:
            print(f"{name}: {err}", file=sys.stderr)
            failed += 1
    if not args.names:
        failed += not check_backbone(settings.backbone())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
