"""Measure every lesson's results and speed, and the original course's data path against ours.

``python -m utils.benchmark`` (or ``make benchmark``) trains each lesson's model at the course settings with
the same helpers the notebooks call (``load_mnist``/``load_asl``, the course's networks, ``TensorLoader``,
``RandomAugment``, ``TransferModel``, ``fit``) on the best available device, and records per lesson the
final train and valid accuracy, seconds per epoch, training samples per second, peak memory (the
process's peak RSS; on CUDA also the most memory PyTorch allocated) and the wall time. Every lesson runs in
a fresh Python process, so each peak belongs to one lesson alone.

Alongside, it times one training epoch of MNIST and of the ASL CNN through the original course's data path
(a ``Dataset`` that returns one sample per index, ``DataLoader(batch_size=32, shuffle=True)``, each batch
moved to the device inside the loop) and through ours (batches sliced from tensors already on the
device), with the same model, optimizer and training step, and reports the ratio of their throughputs.

Results go to ``results/<device>.json`` (replacing that device's earlier file, leaving the others) and
``results/README.md``, a table of every device's file. ``--quick`` runs a few batches per lesson and writes
under ``results/quick/`` (git-ignored): a check that the benchmark still works, not a measurement.
"""
from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
import torchvision
from torch import nn
from torchvision.transforms import v2

from . import config
from .atomic import atomic_write
from .augment import RandomAugment
from .data import download
from .datasets import ASL_LETTERS, TensorData, TensorLoader, load_asl, load_mnist
from .device import describe_device, get_device, seed_everything, synchronize
from .models import asl_cnn, asl_cnn_blocks, dense_net
from .pretrained import BackboneError, TransferModel, load_backbone, load_image_folder, transfer_transforms
from .training import fit, train

RESULTS_DIR = config.REPO_ROOT / "results"
QUICK_BATCHES = 5  # batches per epoch (and 1 epoch) in quick mode: FDL_SMOKE's cap
COMPARE_QUICK_BATCHES = 20  # batches timed per data path in quick mode

#: Lesson -> (what it trains, epochs at the course settings). The notebooks use the same numbers.
LESSONS = {
    "01_mnist": ("dense 784-512-512-10 on MNIST", 5),
    "02_asl": ("dense net on Sign Language MNIST", 20),
    "03_asl_cnn": ("CNN on Sign Language MNIST", 20),
    "04a_asl_augmentation": ("CNN from MyConvBlock with per-image augmentation", 20),
    "05_pretrained": ("transfer learning on Bo: frozen base, then fine-tuning", 10 + 2),
}
#: Lesson 05's backbones, best first: the benchmark takes the first whose weights it can get.
BACKBONE_PREFERENCE = ("vgg16", "mobilenet_v2", "squeezenet1_1")


# ---------------------------------------------------------------------------------------------------------
# The lessons, built from the helpers the notebooks use


def _adam(model: nn.Module, lr: float = 1e-3) -> torch.optim.Optimizer:
    return torch.optim.Adam(model.parameters(), lr=lr)


#: Lessons 01-04a: (data set, network builder), as the notebooks build them.
CLASSIFIER_LESSONS = {
    "01_mnist": ("mnist", lambda: dense_net(n_classes=10)),
    "02_asl": ("asl", lambda: dense_net(n_classes=len(ASL_LETTERS))),
    "03_asl_cnn": ("asl", lambda: asl_cnn(n_classes=len(ASL_LETTERS))),
    "04a_asl_augmentation": ("asl", lambda: asl_cnn_blocks(n_classes=len(ASL_LETTERS))),
}


def _load_data(lesson: str, device) -> tuple[TensorData, TensorData]:
    """A lesson's (train, valid) data on ``device``."""
    return load_mnist(device) if CLASSIFIER_LESSONS[lesson][0] == "mnist" else load_asl(device)


def _build_model(lesson: str, device) -> nn.Module:
    """A lesson's network on ``device``, built right after seeding, so its initial weights repeat."""
    seed_everything(42)
    return CLASSIFIER_LESSONS[lesson][1]().to(device)


def _classifier_lesson(lesson: str, device) -> dict:
    train_data, valid_data = _load_data(lesson, device)
    model = _build_model(lesson, device)
    epochs = LESSONS[lesson][1]
    augment = None
    if lesson == "04a_asl_augmentation":
        augment = RandomAugment(degrees=5, scale=(0.9, 1), flip_p=0.5, brightness=0.2, contrast=0.5, seed=42)
    seed_everything(42)
    train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
    valid_loader = TensorLoader(valid_data, batch_size=1000)
    optimizer = _adam(model)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    history = fit(model, train_loader, valid_loader, optimizer, nn.CrossEntropyLoss(), epochs=epochs,
                  train_transform=augment, scheduler=scheduler, verbose=False)
    return {"history": history}


def lesson_05_pretrained(device) -> dict:
    errors = []
    for name in BACKBONE_PREFERENCE:
        try:
            backbone, weights, source = load_backbone(name, device, verbose=False)
            break
        except BackboneError as err:
            errors.append(str(err))
    else:
        raise BackboneError("no backbone's weights could be had:\n" + "\n".join(errors))
    folder = download("presidential_doggy_door") / "presidential_doggy_door"
    train_images = load_image_folder(folder / "train", device=device)
    valid_images = load_image_folder(folder / "valid", device=device)
    train_transform, valid_transform, _ = transfer_transforms(weights)
    seed_everything(42)
    model = TransferModel(backbone, n_outputs=1).to(device).freeze_base()
    train_loader = TensorLoader(TensorData(train_images.x, train_images.y), batch_size=32, shuffle=True, seed=42)
    valid_loader = TensorLoader(TensorData(valid_images.x, valid_images.y), batch_size=32)
    loss_fn = nn.BCEWithLogitsLoss()
    frozen = fit(model, train_loader, valid_loader, _adam(model), loss_fn, epochs=10,
                 train_transform=train_transform, valid_transform=valid_transform, verbose=False)
    model.unfreeze_base()
    tuned = fit(model, train_loader, valid_loader, _adam(model, lr=1e-6), loss_fn, epochs=2,
                train_transform=train_transform, valid_transform=valid_transform, verbose=False)
    history = type(frozen)().extend(frozen).extend(tuned)
    return {"history": history, "backbone": name, "weights_source": source,
            "valid_acc_after_transfer": frozen.valid_acc[-1], "valid_acc_after_fine_tuning": tuned.valid_acc[-1],
            "backbones_unavailable": BACKBONE_PREFERENCE[:len(errors)]}


def _run(lesson: str, device) -> dict:
    return lesson_05_pretrained(device) if lesson == "05_pretrained" else _classifier_lesson(lesson, device)


# ---------------------------------------------------------------------------------------------------------
# The original course's data path against ours


class OneSampleDataset(torch.utils.data.Dataset):
    """The course's ``MyDataset``: hands the ``DataLoader`` one (image, label) pair per index."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor):
        self.x, self.y = x, y

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


class ToDeviceEachBatch:
    """A ``DataLoader`` whose batches are moved to the device inside the loop, as the course's loops do."""

    def __init__(self, loader: torch.utils.data.DataLoader, device):
        self.loader, self.device = loader, device

    def __len__(self) -> int:
        return len(self.loader)

    def __iter__(self):
        for x, y in self.loader:
            yield x.to(self.device), y.to(self.device)


def original_loader(lesson: str, train_data: TensorData, device):
    """The original course's training data path for ``01_mnist`` or ``03_asl_cnn``.

    MNIST: torchvision's ``MNIST`` data set turning each PIL image into a tensor on access (the course's
    ``ToTensor``). ASL: the course's ``MyDataset`` over the CSV's tensors (``train_data``, back on the CPU).
    Both batched by a ``DataLoader(batch_size=32, shuffle=True)``.
    """
    if lesson == "01_mnist":
        to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
        dataset = torchvision.datasets.MNIST(download("mnist"), train=True, transform=to_tensor)
    else:
        cpu = train_data.to("cpu")
        dataset = OneSampleDataset(cpu.x, cpu.y)
    generator = torch.Generator().manual_seed(42)
    return ToDeviceEachBatch(torch.utils.data.DataLoader(dataset, batch_size=32, shuffle=True, generator=generator),
                             device)


def compare_data_paths(lesson: str, device, max_batches: int | None = None) -> dict:
    """Samples per second of one training epoch through the original course's data path and through ours."""
    train_data, _ = _load_data(lesson, device)
    loaders = {"original": original_loader(lesson, train_data, device),
               "ours": TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)}
    result = {"batches": max_batches or len(loaders["ours"])}
    for name, loader in loaders.items():
        model = _build_model(lesson, device)
        optimizer = _adam(model)
        train(model, loader, optimizer, nn.CrossEntropyLoss(), max_batches=3, desc=f"{name} warm-up")
        synchronize(device)
        start = time.perf_counter()
        train(model, loader, optimizer, nn.CrossEntropyLoss(), max_batches=max_batches, desc=f"{name} data path")
        synchronize(device)
        seconds = time.perf_counter() - start
        samples = min(len(train_data), (max_batches or len(loader)) * 32)
        result[f"{name}_seconds"] = seconds
        result[f"{name}_samples_per_second"] = samples / seconds
        result[f"{name}_data_seconds"] = _time_data_alone(loader, max_batches or len(loader), device)
    result["ratio"] = result["ours_samples_per_second"] / result["original_samples_per_second"]
    # The ratio that ours would reach if its batches cost no time at all: the original's epoch over the time
    # of the training steps alone, which both paths share.
    steps_alone = max(result["ours_seconds"] - result["ours_data_seconds"], 1e-9)
    result["ratio_ceiling"] = result["original_seconds"] / steps_alone
    return result


def _time_data_alone(loader, n_batches: int, device) -> float:
    """Seconds to draw ``n_batches`` batches from ``loader`` onto the device, with no training."""
    synchronize(device)
    start = time.perf_counter()
    for _ in itertools.islice(loader, n_batches):
        pass
    synchronize(device)
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------------------
# One lesson in its own process


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def run_lesson(lesson: str, quick: bool) -> dict:
    """Train one lesson (and, for 01 and 03, compare the data paths afterwards); return its numbers."""
    device = get_device(verbose=False)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    start = time.perf_counter()
    out = _run(lesson, device)
    synchronize(device)
    wall = time.perf_counter() - start
    history = out.pop("history")
    record = {
        "what": LESSONS[lesson][0],
        "epochs": len(history),
        "train_acc": history.train_acc[-1],
        "valid_acc": history.valid_acc[-1],
        "best_valid_acc": max(history.valid_acc),
        "valid_acc_per_epoch": history.valid_acc,
        "seconds_per_epoch": sum(history.seconds) / len(history),
        "samples_per_second": history.samples_per_second(),
        "peak_rss_mb": peak_rss_mb(),
        "cuda_max_allocated_mb": torch.cuda.max_memory_allocated(device) / 1e6 if device.type == "cuda" else None,
        "wall_seconds": wall,
        **out,
    }
    if lesson in ("01_mnist", "03_asl_cnn"):
        record["data_path"] = compare_data_paths(lesson, device, COMPARE_QUICK_BATCHES if quick else None)
    return record


def _child_main(lesson: str, quick: bool, out_file: str) -> None:
    record = run_lesson(lesson, quick)
    Path(out_file).write_text(json.dumps(record))


# ---------------------------------------------------------------------------------------------------------
# The whole benchmark, its files and its table


def device_info() -> dict:
    device = get_device(verbose=False)
    if device.type == "cuda":
        name = torch.cuda.get_device_name(device)
    elif device.type == "mps":
        name = f"Apple GPU ({platform.machine()})"
    else:
        name = _cpu_model()
    return {"type": device.type, "name": name, "description": describe_device(device),
            "cpu": _cpu_model(), "cpu_threads": torch.get_num_threads(),
            "cuda_graphs": device.type == "cuda" and config.cuda_graphs_enabled()}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def results_name(info: dict) -> str:
    """The file name of a device's results, e.g. ``cuda-nvidia-h100-80gb-hbm3.json``."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{info['type']} {info['name']}".lower()).strip("-")
    return f"{slug}.json"


def run_benchmark(lessons: list[str], quick: bool, out_dir: Path) -> Path:
    """Run ``lessons`` one process each; write ``out_dir/<device>.json`` and ``out_dir/README.md``."""
    info = device_info()
    print(f"Benchmark on {info['description']}{' (quick mode: a few batches per lesson)' if quick else ''}")
    env = dict(os.environ)
    if quick:
        env["FDL_SMOKE"] = "1"  # fit() stops after 1 epoch of a few batches
    else:
        env.pop("FDL_SMOKE", None)
    results = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for lesson in lessons:
            out_file = Path(tmp) / f"{lesson}.json"
            cmd = [sys.executable, "-m", "utils.benchmark", "--child", lesson, "--child-out", str(out_file)]
            if quick:
                cmd.append("--quick")
            lesson_start = time.perf_counter()
            print(f"{lesson}: {LESSONS[lesson][0]} ...", flush=True)
            subprocess.run(cmd, env=env, check=True, cwd=config.REPO_ROOT)
            results[lesson] = json.loads(out_file.read_text())
            print(f"  {_one_line(results[lesson])} ({time.perf_counter() - lesson_start:.0f} s)", flush=True)
    report = {
        "device": info,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": quick,
        "total_wall_seconds": time.perf_counter() - start,
        "lessons": results,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / results_name(info)
    with atomic_write(path) as f:
        f.write((json.dumps(report, indent=1) + "\n").encode())
    (out_dir / "README.md").write_text(markdown_report(out_dir))
    print(f"total {report['total_wall_seconds']:.0f} s; wrote {path} and {out_dir / 'README.md'}")
    return path


def _one_line(r: dict) -> str:
    line = (f"train {r['train_acc']:.2%}, valid {r['valid_acc']:.2%}, {r['seconds_per_epoch']:.1f} s/epoch, "
            f"{r['samples_per_second']:,.0f} samples/s, peak RSS {r['peak_rss_mb']:,.0f} MB")
    if "backbone" in r:
        line += f", backbone {r['backbone']}"
    if "data_path" in r:
        line += f"; data path: ours / original = {r['data_path']['ratio']:.2f}x"
    return line


def markdown_report(out_dir: Path) -> str:
    """A markdown page with one table of lessons and one of data paths per results file in ``out_dir``."""
    lines = ["# Benchmark results", "",
             "Generated by `make benchmark` (`python -m utils.benchmark`) from the JSON files in this folder; "
             "do not edit by hand. Accuracies are the last epoch's (never the best one's); "
             "samples/s counts training images per second of training pass. Each lesson seeds right before "
             "building its model and again right before training; a notebook's demonstration cells draw random "
             "numbers in between, so its figures differ a little from these (a second sample of the same "
             "recipe). The data-path table times one training epoch both ways with the same model and steps; "
             "\"original's data alone\" is the time the original path takes just to fetch that epoch's batches, and "
             "the ceiling is the ratio a data path that cost nothing would reach (the original epoch over the "
             "training steps alone). Where a training step costs far more than collating a batch, as for the "
             "ASL CNN, the ceiling is close to 1x.", ""]
    for path in sorted(out_dir.glob("*.json")):
        report = json.loads(path.read_text())
        dev = report["device"]
        lines += [f"## {dev['description']}", "",
                  f"`{path.name}`: torch {report['torch']}, torchvision {report['torchvision']}, "
                  f"Python {report['python']}, CPU {dev['cpu']}, {report['date']}"
                  f"{'; training steps replayed as CUDA graphs' if dev.get('cuda_graphs') else ''}"
                  f"{', quick mode (not a measurement)' if report['quick'] else ''}; "
                  f"total wall time {report['total_wall_seconds'] / 60:.1f} min.", "",
                  "| lesson | epochs | train acc | valid acc | s/epoch | samples/s | peak RSS (MB) | CUDA max alloc. (MB) | wall (s) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for lesson, r in report["lessons"].items():
            name = lesson + (f" ({r['backbone']})" if "backbone" in r else "")
            cuda = f"{r['cuda_max_allocated_mb']:,.0f}" if r.get("cuda_max_allocated_mb") is not None else "-"
            lines.append(f"| {name} | {r['epochs']} | {r['train_acc']:.2%} | {r['valid_acc']:.2%} | "
                         f"{r['seconds_per_epoch']:.1f} | {r['samples_per_second']:,.0f} | {r['peak_rss_mb']:,.0f} | "
                         f"{cuda} | {r['wall_seconds']:.0f} |")
        compared = {k: r["data_path"] for k, r in report["lessons"].items() if "data_path" in r}
        if compared:
            lines += ["", "| one training epoch | original course (samples/s) | ours (samples/s) | ours / original | "
                          "original's data alone | ceiling |",
                      "|---|---:|---:|---:|---:|---:|"]
            for lesson, d in compared.items():
                data_share = (f"{d['original_data_seconds']:.2f} s of {d['original_seconds']:.2f} s"
                              if "original_data_seconds" in d else "-")
                ceiling = f"{d['ratio_ceiling']:.2f}x" if "ratio_ceiling" in d else "-"
                lines.append(f"| {lesson} | {d['original_samples_per_second']:,.0f} | "
                             f"{d['ours_samples_per_second']:,.0f} | {d['ratio']:.2f}x | {data_share} | {ceiling} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", metavar="LESSON",
                        help=f"lessons to run (default: all of {', '.join(LESSONS)})")
    parser.add_argument("--quick", action="store_true", help="a few batches per lesson: checks, not measurements")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the results (default: results/, or results/quick/ with --quick)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = [name for name in args.lessons if name not in LESSONS]
    if unknown:
        parser.error(f"unknown lesson {', '.join(unknown)}; choose from {', '.join(LESSONS)}")
    if args.child:
        _child_main(args.child, args.quick, args.child_out)
        return 0
    out_dir = args.out or (RESULTS_DIR / "quick" if args.quick else RESULTS_DIR)
    run_benchmark(args.lessons or list(LESSONS), args.quick, out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
