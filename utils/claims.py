"""What lessons 03 to 06 claim their training runs show, as data: each lesson prints its claim with the
number from its own run that backs it (``verdict``), and ``make benchmark`` checks every claim against the
full-settings runs it records. The sentence a learner reads and the test the benchmark applies are the
same object, so they cannot drift apart.

A claim reads the histories the lessons save (``utils.training.History``, by the names below) and says a
number must be at least (or at most) a bound that holds across seeds and devices, with room to spare. In
a smoke run (``FDL_SMOKE=1``: a few batches) no claim can be tested, and ``verdict`` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .plumbing import settings
from .training import History


def _gap(h: History) -> float:
    """Training minus validation accuracy after the last epoch, in percentage points."""
    return (h.train_acc[-1] - h.valid_acc[-1]) * 100


@dataclass(frozen=True)
class Claim:
    """One lesson's claim: what it ``says``, the histories it ``needs`` (by the names the lessons save
    them under), how to ``measure`` it from them (a number in ``unit``), and the bound it must meet."""

    lesson: str
    says: str
    needs: tuple[str, ...]
    measure: Callable[..., float]
    at_least: float | None = None
    at_most: float | None = None
    unit: str = "points"

    def value(self, runs: dict[str, History | None]) -> float | None:
        """The measured number, or None when a history it needs is missing or incomplete."""
        histories = [runs.get(name) for name in self.needs]
        if any(h is None or not len(h) for h in histories):
            return None
        try:
            return float(self.measure(*histories))
        except (KeyError, IndexError):  # an older history without the number this claim reads
            return None

    def holds(self, value: float) -> bool:
        return (self.at_least is None or value >= self.at_least) and (self.at_most is None or value <= self.at_most)

    def bound(self) -> str:
        if self.at_least is not None:
            return f"at least {self.at_least:g} {self.unit}"
        return f"at most {self.at_most:g} {self.unit}"


CLAIMS = {
    "03_asl_cnn": Claim(
        "03_asl_cnn",
        "The CNN carries over to new images far more of what it learned than the dense network: its gap "
        "between training and validation accuracy is smaller by",
        ("03_asl_cnn", "02_asl_dense"),
        lambda cnn, dense: _gap(dense) - _gap(cnn),
        at_least=10,
    ),
    "04a_asl_augmentation": Claim(
        "04a_asl_augmentation",
        "Augmentation taught the network that a mirrored hand signs the same letter: on the validation "
        "images mirrored left to right, the augmented network is better than lesson 03's by",
        ("04a_asl_augmented", "03_asl_cnn"),
        lambda augmented, plain: (augmented.info["mirrored_valid_acc"] - plain.info["mirrored_valid_acc"]) * 100,
        at_least=30,
    ),
    "05_pretrained_vgg16": Claim(
        "05_pretrained_vgg16",
        "Fine-tuning Bo's door with ten tiny steps (1e-6) changes its validation accuracy by",
        ("05_doggy_door",),
        lambda door: abs(door.info["valid_acc_after_fine_tuning"] - door.info["valid_acc_after_transfer"]) * 100,
        at_most=5,
    ),
    "06_capstone_real_hands": Claim(
        "06_capstone_real_hands",
        "In the same number of epochs, fine-tuning the whole network reaches a validation accuracy above that of "
        "training only the head on the frozen base by",
        ("06_capstone",),
        lambda hands: (hands.valid_acc[-1] - hands.info["valid_acc_head_only"]) * 100,
        at_least=15,
    ),
}


def load_runs(claim: Claim) -> dict[str, History | None]:
    """The histories ``claim`` needs, as the lessons saved them in the models folder (None where missing)."""
    return {name: History.load(name, quiet=True) for name in claim.needs}


def verdict(lesson: str, runs: dict[str, History | None] | None = None) -> str:
    """The claim of ``lesson`` and what this run shows, in one line (``runs``: the histories by name; by
    default those saved in the models folder)."""
    claim = CLAIMS[lesson]
    value = claim.value(load_runs(claim) if runs is None else runs)
    if value is None:
        missing = ", ".join(claim.needs)
        return f"Claim: {claim.says} {claim.bound()}. (Not measured: run the lessons that save {missing} first.)"
    if settings.is_smoke():
        return f"Claim: {claim.says} {claim.bound()}. (A smoke run, {value:+.1f} {claim.unit}: too short to test it.)"
    outcome = "it holds" if claim.holds(value) else "it does NOT hold in this run"
    return f"Claim: {claim.says} {claim.bound()}. This run: {value:+.1f} {claim.unit}, so {outcome}."
