"""The registry of every file the course downloads: where it comes from and its sha256 (lesson 01 on).

The hashes live in ``registry.txt`` beside this module, one ``<path> <sha256>`` line per file (the format
of pooch's registry files). This module groups the files into data sets by the start of their path and
says, per data set, where a file comes from: its upstream source (the real URL a learner's machine
fetches from), where it sits in a mirror laid out like the course mirror (``data/...``, ``weights/...``),
and how to turn what was fetched into the stored file (as is, gunzipped, or taken out of a zip archive).
The sha256 is always that of the stored file, so a file is checked the same way whichever source it came
from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """One place a file can be fetched from.

    ``location`` is a URL for an upstream source, or a path relative to the mirror root for a mirror.
    ``unpack`` is ``""`` (store as fetched), ``"gzip"`` (gunzip it) or ``"zip"`` (take the archive
    member with the stored file's name).
    """

    location: str
    unpack: str = ""


@dataclass(frozen=True)
class DataFile:
    """One stored file: its path under the data folder, its sha256 and the sources it can come from."""

    path: str
    sha256: str
    mirror: Source
    upstream: Source | None = None
    licence: str = ""


MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
KAGGLE_ASL_URL = "https://www.kaggle.com/api/v1/datasets/download/datamunge/sign-language-mnist"
OLD_COURSE_URL = (
    "https://raw.githubusercontent.com/bdp612/nvidiaCourses-2-Getting-Started-With-Deep-Learning/"
    "17b18db8248423a3b26dd0f107ae8a726a9b7aee/data/"
)
NEW_COURSE_URL = (
    "https://raw.githubusercontent.com/NVDLI/fundamentals-of-deep-learning-zh/"
    "537dddc6cfe466b344ade8f9dff653a029061994/course_content/tutorials/data/"
)


ROBOFLOW_URL = (
    "https://raw.githubusercontent.com/dnth/yolov5-deepsparse-blogpost/"
    "f467abc4475a17a5652f240a7ec878d8267efb19/datasets/american_sign_language/"
)

#: Where the hashes are: one ``<path under the data folder> <sha256>`` line per file; ``#`` starts a comment.
MANIFEST = Path(__file__).with_name("registry.txt")

#: A data set's rule: a stored path -> (its mirror source, its upstream source or None, its licence).
Rule = Callable[[str], tuple[Source, "Source | None", str]]


def _mnist(path: str):
    # torchvision.datasets.MNIST looks for the archives in <root>/MNIST/raw and unpacks them itself.
    name = path.rsplit("/", 1)[1]
    return (
        Source(f"data/mnist/{name}"),
        Source(MNIST_URL + name),
        "CC BY-SA 3.0, Yann LeCun, Corinna Cortes, Christopher J.C. Burges",
    )


def _asl_csv(path: str):
    return (
        Source(f"data/{path}.gz", "gzip"),
        Source(KAGGLE_ASL_URL, "zip"),
        "CC0 1.0, Kaggle datamunge/sign-language-mnist",
    )


def _course_files(base: str, licences: dict[str, str] | str) -> Rule:
    """Files of the original course's repository at ``base``, laid out as in the mirror's ``data/``."""

    def rule(path: str):
        licence = licences if isinstance(licences, str) else licences[path.rsplit("/", 1)[1]]
        return Source(f"data/{path}"), Source(base + path), licence

    return rule


def _weights(path: str):
    # Converted ImageNet weights that only the course mirror has: there is no upstream URL.
    return Source(path), None, "see the mirror's weights/PROVENANCE.md (converted from ONNX Model Zoo models)"


def _roboflow(path: str):
    return (
        Source(f"data/{path}"),
        Source(ROBOFLOW_URL + path.split("/", 1)[1]),
        "Public Domain (Roboflow's README for v1), American Sign Language Letters by David Lee",
    )


#: Data set -> (the start of its files' paths in the manifest, where they come from).
DATA_SETS: dict[str, tuple[str, Rule]] = {
    "mnist": ("MNIST/raw/", _mnist),
    "asl": ("asl_data/", _asl_csv),
    "asl_images": (
        "asl_images/",
        _course_files(OLD_COURSE_URL, "not stated by NVIDIA; crops of the CC0 Kaggle montage"),
    ),
    "doggy_door_images": (
        "doggy_door_images/",
        _course_files(
            NEW_COURSE_URL,
            {
                "happy_dog.jpg": "CC BY 3.0, Plank (Wikimedia Commons), resized by NVIDIA",
                "sleepy_cat.jpg": "CC BY 4.0, Vadim Kudlay / NVIDIA",
                "brown_bear.jpg": "CC BY 4.0, Danielle Detering",
            },
        ),
    ),
    # bo_11.jpg is missing from every public copy of the course, so the training set has 18 photos of Bo.
    "presidential_doggy_door": (
        "presidential_doggy_door/",
        _course_files(OLD_COURSE_URL, "unknown; from the NVIDIA DLI course"),
    ),
    "squeezenet1_1_weights": ("weights/squeezenet1_1", _weights),
    "mobilenet_v2_weights": ("weights/mobilenet_v2", _weights),
    # Real phone photos of hands signing letters, with YOLO boxes (lessons 04b and 06).
    "asl_letters_roboflow": ("asl_letters_roboflow/", _roboflow),
}


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """The manifest's ``{path: sha256}``, in file order; a malformed line raises ``ValueError`` naming it."""
    hashes: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[1]) != 64 or parts[0] in hashes:
            raise ValueError(f"{path}:{number}: expected `<path> <sha256>` once per path, got {line!r}")
        hashes[parts[0]] = parts[1].lower()
    return hashes


def build_registry(hashes: dict[str, str]) -> dict[str, list[DataFile]]:
    """Every data set's files; a manifest path that belongs to no data set raises ``ValueError``."""
    registry: dict[str, list[DataFile]] = {name: [] for name in DATA_SETS}
    for path, sha256 in hashes.items():
        owners = [name for name, (prefix, _) in DATA_SETS.items() if path.startswith(prefix)]
        if len(owners) != 1:
            raise ValueError(f"{MANIFEST.name}: {path} belongs to {len(owners)} data sets; it needs exactly one")
        mirror, upstream, licence = DATA_SETS[owners[0]][1](path)
        registry[owners[0]].append(DataFile(path, sha256, mirror, upstream, licence))
    return registry


REGISTRY: dict[str, list[DataFile]] = build_registry(read_manifest())
