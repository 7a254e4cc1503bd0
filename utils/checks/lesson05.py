"""The checks of lesson 05 (``05_pretrained_vgg16``): the door's rule, a frozen base with a head, the loss for one
score, and reading the door model's score.

``judge_loss`` serves lesson 06 too: a loss is judged by what it computes on made-up scores, so the
functional form (``F.binary_cross_entropy_with_logits``) and subclasses pass like the class itself.
"""

from __future__ import annotations

import inspect
import math

import torch
from torch import nn

from ..networks import count_parameters
from ..pretrained import CAT_CLASSES, DOG_CLASSES, doggy_door_decision, read_score
from .core import Hint, call, carry_on, describe, exercise, fallback, number, quoted, raised, require_done

# --------------------------------------------------------------------------------------------------------
# 05.1


def _kind(text) -> str:
    """What a door message says: dog, cat or neither (the first word the scaffold's messages start with)."""
    words = str(text).strip().lower().replace(":", " ").split()
    return words[0] if words and words[0] in ("dog", "cat", "neither") else str(text)


@exercise("05.1", "the doggy door's rule", "replace the two `...` conditions", defines=("doggy_door_decision",))
def door_decision(doggy_door_decision_answer) -> str:
    fn = doggy_door_decision_answer
    require_done(fn)
    got = {i: call(fn, i, name="doggy_door_decision") for i in range(1000)}
    if all(v is None for v in got.values()):
        raise Hint("It returned None for every class: `return` the message instead of printing it.")
    if any(not isinstance(v, str) for v in got.values()):
        bad = next(i for i, v in got.items() if not isinstance(v, str))
        raise Hint(
            f"For class {bad} it returned {describe(got[bad])}; every class should get one of the "
            f"scaffold's three messages."
        )
    wrong = [i for i in range(1000) if _kind(got[i]) != _kind(doggy_door_decision(i))]
    if not wrong:
        return (
            f"The door lets classes {DOG_CLASSES.start}-{DOG_CLASSES.stop - 1} in, keeps {CAT_CLASSES.start}-"
            f"{CAT_CLASSES.stop - 1} inside, and everything else out"
        )
    edges = {
        DOG_CLASSES.start,
        DOG_CLASSES.stop - 1,
        CAT_CLASSES.start,
        CAT_CLASSES.stop - 1,
        DOG_CLASSES.start - 1,
        DOG_CLASSES.stop,
        CAT_CLASSES.start - 1,
        CAT_CLASSES.stop,
    }
    i = wrong[0]
    said, should = _kind(got[i]), _kind(doggy_door_decision(i))
    if set(wrong) <= edges:
        raise Hint(
            f"Class {i} came out as {said!r}, but it is {should!r}: check the ends of your ranges. "
            f"`range(a, b)` stops before `b`, so the dogs are `range({DOG_CLASSES.start}, {DOG_CLASSES.stop})` "
            f"and the cats `range({CAT_CLASSES.start}, {CAT_CLASSES.stop})`."
        )
    dogs = [j for j in range(1000) if _kind(got[j]) == "dog"]
    if dogs and set(dogs) <= {DOG_CLASSES.start, DOG_CLASSES.stop - 1} and len(dogs) < 3:
        raise Hint(
            f"Only class{'es' if len(dogs) > 1 else ''} {' and '.join(map(str, dogs))} count as dogs: a list "
            f"such as `[{DOG_CLASSES.start}, {DOG_CLASSES.stop - 1}]` holds just those two numbers, not what lies "
            f"between. Use `range({DOG_CLASSES.start}, {DOG_CLASSES.stop})`."
        )
    if all(_kind(got[j]) == "dog" for j in range(1000)):
        raise Hint(
            "Every class comes out as a dog: the condition is always true. Test that the class lies between "
            f"both ends at once, e.g. `{DOG_CLASSES.start} <= class_index <= {DOG_CLASSES.stop - 1}` or "
            f"`class_index in range(...)`."
        )
    if all(_kind(got[j]) == "cat" for j in DOG_CLASSES):
        raise Hint(
            f"The dogs come out as cats: the dog breeds are classes {DOG_CLASSES.start}-"
            f"{DOG_CLASSES.stop - 1} and the cats {CAT_CLASSES.start}-{CAT_CLASSES.stop - 1}."
        )
    block = [j for j in wrong if _kind(got[j]) == said and _kind(doggy_door_decision(j)) == should]
    span = (
        f"classes {block[0]}-{block[-1]}" if len(block) > 1 and block[-1] - block[0] == len(block) - 1 else f"class {i}"
    )
    raise Hint(
        f"The door gets {span} wrong: {said!r} where it should be {should!r} ({len(wrong)} of 1,000 classes "
        f"are wrong). The dogs are {DOG_CLASSES.start}-{DOG_CLASSES.stop - 1} and the cats "
        f"{CAT_CLASSES.start}-{CAT_CLASSES.stop - 1}, both ends included."
    )


@fallback("05.1")
def _door(ns: dict) -> dict:
    return {"doggy_door_decision": doggy_door_decision}


# --------------------------------------------------------------------------------------------------------
# 05.2


class _SmallBase(nn.Module):
    """A stand-in for the pretrained network: 1,000 scores per picture, with BatchNorm like mobilenet_v2, and
    torchvision's two parts, ``features`` and ``classifier``, so that an answer that reaches into them meets
    what the real backbones have."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(4)
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(4, 1000))

    def forward(self, x):
        return self.classifier(self.avgpool(self.features(x)))


def _small_base() -> nn.Module:
    return _SmallBase()


@exercise(
    "05.2",
    "freeze the base, add a head",
    "replace the two `...` in frozen_base_with_head",
    defines=("frozen_base_with_head",),
)
def frozen_head(frozen_base_with_head) -> str:
    require_done(frozen_base_with_head)
    base = _small_base()
    try:
        model = frozen_base_with_head(base)
    except TypeError as err:
        if "is not a Module subclass" in str(err):
            raise Hint(
                "The head is a class, not a layer: `nn.Linear` makes a layer when you call it, "
                "`nn.Linear(1000, 1)`, with the sizes in parentheses."
            ) from None
        raise raised(err, frozen_base_with_head, "frozen_base_with_head") from None
    except Exception as err:
        raise raised(err, frozen_base_with_head, "frozen_base_with_head") from None
    if not isinstance(model, nn.Module):
        raise Hint(
            f"`frozen_base_with_head` returned {describe(model)}; it should return the network, "
            f"`nn.Sequential(base, head)`." + (" Did it `return` it?" if model is None else "")
        )
    learning = [p for p in base.parameters() if p.requires_grad]
    new = [m for m in model.modules() if isinstance(m, nn.Linear) and all(m is not b for b in base.modules())]
    if learning and new and not any(p.requires_grad for p in new[-1].parameters()):
        raise Hint(
            "It froze the new head and left the base learning: the other way round. `base.requires_grad_(False)` "
            "freezes the base; the head, made after that, learns."
        )
    if learning:
        some = len(learning) < len(list(base.parameters()))
        if some:
            raise Hint(
                f"Only some of the base is frozen ({len(learning)} of its {len(list(base.parameters()))} weight "
                f"tensors can still learn): `base.requires_grad_(False)` freezes every one of them."
            )
        if not base.training:
            raise Hint(
                "`base.eval()` switches dropout off and fixes BatchNorm's statistics, but the weights can "
                "still learn: `base.requires_grad_(False)` freezes them."
            )
        raise Hint("The base can still learn: `base.requires_grad_(False)` freezes every one of its weights.")
    new = [m for m in model.modules() if isinstance(m, nn.Linear) and all(m is not b for b in base.modules())]
    if not new:
        raise Hint(
            "There is no new layer after the base: the head is `nn.Linear(1000, 1)`, 1,000 scores in, one score out."
        )
    head = new[-1]
    if not any(p.requires_grad for p in head.parameters()):
        raise Hint(
            "Nothing can learn: the head's weights are frozen too. Freeze the base only, before adding the "
            "head, so that the head keeps `requires_grad`."
        )
    if head.in_features != 1000:
        raise Hint(
            f"The head takes {head.in_features} inputs, but the base gives 1,000 scores per photo (ImageNet's "
            f"classes): `nn.Linear(1000, 1)`."
        )
    if head.out_features != 1:
        extra = (
            " One score is enough for a yes/no question: `BCEWithLogitsLoss` reads it."
            if head.out_features == 2
            else ""
        )
        raise Hint(
            f"The head gives {head.out_features} outputs per photo; the door needs one score: "
            f"`nn.Linear(1000, 1)`.{extra}"
        )
    x = torch.rand(3, 3, 8, 8)
    model.eval()
    with torch.no_grad():
        out = call(model, x, name="the network it returned")
        want = head(base.eval()(x))
    if not torch.is_tensor(out) or tuple(out.shape) != (3, 1):
        raise Hint(
            f"For 3 photos the network gives {describe(out)}; expected shape (3, 1): the base's 1,000 "
            f"scores, then the head, one score per photo."
        )
    if torch.allclose(out, torch.sigmoid(want), atol=1e-6):
        raise Hint(
            "The head ends with a sigmoid, but `nn.BCEWithLogitsLoss` applies the sigmoid itself; twice "
            "squashes the score and the door can hardly learn. Return the raw score of `nn.Linear(1000, 1)`."
        )
    if not torch.allclose(out, want, atol=1e-5):
        raise Hint(
            "The network's output is not the head applied to the base's output: chain them as "
            "`nn.Sequential(base, head)`, nothing else in between or after."
        )
    trainable = count_parameters(model, trainable_only=True)
    return f"{trainable:,} weights learn (the head); the base stays as ImageNet trained it"


@fallback("05.2")
def _frozen(ns: dict) -> dict:
    def frozen_base_with_head(base):
        base.requires_grad_(False)
        return nn.Sequential(base, nn.Linear(1000, 1))

    return {"frozen_base_with_head": frozen_base_with_head}


# --------------------------------------------------------------------------------------------------------
# 05.3 (and 06.3)

#: What each loss computes, by its class, for the hints of the loss exercises.
LOSSES = {
    nn.BCEWithLogitsLoss: "a sigmoid on each raw score, then a separate yes/no cross-entropy per score",
    nn.CrossEntropyLoss: "a softmax over the raw scores of each photo, then the log-probability of the right class",
    nn.BCELoss: "a yes/no cross-entropy of probabilities, not of raw scores (it applies no sigmoid)",
    nn.NLLLoss: "the log-probability of the right class, read from log-probabilities, not from raw scores",
    nn.MSELoss: "the squared distance between numbers, for amounts; a class is not an amount",
    nn.L1Loss: "the distance between numbers, for amounts; a class is not an amount",
    nn.SoftMarginLoss: "a two-class loss for labels of -1 and +1, not the 0 and 1 of these labels",
}


def judge_loss(loss_fn, right: type, needs: str, scores: torch.Tensor, targets: torch.Tensor) -> str:
    """A loss-choice check: whatever computes ``right``'s loss (mean over the batch) on these made-up scores
    passes, a class, a function or a module of one's own alike; any other loss gets what it computes and
    what ``needs`` needs."""
    require_done(loss_fn)
    fix = f"nn.{right.__name__}()"
    if isinstance(loss_fn, str):
        raise Hint(f"`loss_fn` is the text {quoted(loss_fn)}; write the loss itself, without quotes: `{fix}`.")
    if inspect.isclass(loss_fn):
        what = LOSSES.get(loss_fn)
        if issubclass(loss_fn, right):
            raise Hint(
                f"`loss_fn` is the class `nn.{loss_fn.__name__}` itself; a loss is made by calling it: add "
                f"`()`, `{fix}`."
            )
        raise Hint(
            f"`loss_fn` is the class `nn.{loss_fn.__name__}` itself (add `()` to make one), and it computes "
            f"{what or 'something else'}. {needs}: `{fix}`."
        )
    if not callable(loss_fn):
        raise Hint(f"`loss_fn` is {describe(loss_fn)}; it should be a loss, e.g. `{fix}`.")
    want = float(right()(scores, targets))
    error = None
    try:
        got = loss_fn(scores.clone(), targets.clone())
    except Exception as err:  # noqa: BLE001 - a loss that cannot take these scores: said below
        got, error = None, err
    if got is not None and torch.is_tensor(got) and got.numel() > 1:
        raise Hint(
            f"`loss_fn` gives one loss per photo (reduction='none'), and `loss.backward()` needs one number: "
            f"leave `reduction` at its default, `{fix}`."
        )
    value = None if got is None or not (torch.is_tensor(got) or isinstance(got, float)) else number(got, "The loss")
    name = _loss_name(loss_fn)
    if value is not None and math.isclose(value, want, rel_tol=1e-4, abs_tol=1e-6):
        own = (
            ""
            if isinstance(loss_fn, (right, nn.modules.loss._Loss)) or inspect.isfunction(loss_fn)
            else (" (your own module, computing the same)")
        )
        return f"The loss is {name}{own}: {LOSSES.get(right)}"
    kind = next((k for k in LOSSES if isinstance(loss_fn, k)), None)
    if kind is right:
        _runs_on_lesson_batches(loss_fn, fix, scores, targets, error)
        if getattr(loss_fn, "reduction", "mean") == "sum":
            raise Hint(
                f"`loss_fn` adds up the losses of the photos (reduction='sum') instead of averaging them, so "
                f"each step grows with the batch size: leave `reduction` at its default, `{fix}`."
            )
        return (
            f"The loss is {name}, with settings of your own (label smoothing or class weights): "
            f"{LOSSES.get(right)}. The lesson's numbers were measured with the plain `{fix}`"
        )
    if value is not None:
        if right is nn.CrossEntropyLoss and math.isclose(
            value, float(nn.NLLLoss()(torch.softmax(scores, dim=-1), targets)), rel_tol=1e-4, abs_tol=1e-6
        ):
            raise Hint(
                "It gives `nn.NLLLoss` probabilities (a softmax); it reads log-probabilities, so it computes no "
                f"cross-entropy from them. {needs}: `{fix}`, which takes the log-softmax of the raw scores itself."
            )
        for squash, what in ((torch.sigmoid, "a sigmoid"), (lambda s: torch.softmax(s, dim=-1), "a softmax")):
            if math.isclose(value, float(right()(squash(scores), targets)), rel_tol=1e-4, abs_tol=1e-6):
                raise Hint(
                    f"It applies {what} to the scores before `{right.__name__}`, which applies its own: twice "
                    f"squashes the scores, and learning slows to a crawl. Give it the raw scores: `{fix}`."
                )
    if isinstance(loss_fn, nn.Module) and not isinstance(loss_fn, nn.modules.loss._Loss) and kind is None:
        raise Hint(f"`loss_fn` is the layer {name}, which computes no loss. {needs}: `{fix}`.")
    what = LOSSES.get(kind, "something else") if kind else "something else"
    raise Hint(f"{'The loss ' + name if not kind else name} computes {what}. {needs}: `{fix}`.")


def _runs_on_lesson_batches(loss_fn, fix: str, scores: torch.Tensor, targets: torch.Tensor, error) -> None:
    """A ``Hint`` when the right kind of loss, with settings of the learner's own, fails on batches shaped like
    the lesson's: it raises on them (class weights of another length, say), leaves a class out of the loss
    (``ignore_index``), or gives no finite number for a batch of one class."""
    what = f"{scores.shape[-1]} raw scores per photo" if scores.dim() == 2 else "one raw score per photo"
    if error is not None:
        raise Hint(
            f"`loss_fn` cannot take {what}, as the model gives them: it raised {type(error).__name__} "
            f"({str(error).strip().splitlines()[0][:120].rstrip('.')}). Check its settings, or use the plain `{fix}`."
        )
    ignored = getattr(loss_fn, "ignore_index", -100)
    if scores.dim() == 2 and 0 <= ignored < scores.shape[-1]:
        raise Hint(
            f"`ignore_index={ignored}` leaves every photo of class {ignored} out of the loss, so the model never "
            f"learns that class (and a batch of only that class gives `nan`): leave `ignore_index` at its default, "
            f"`{fix}`."
        )
    for cls in targets.unique():
        one_class = targets.new_full(targets.shape, int(cls)) if targets.dim() else targets
        try:
            value = loss_fn(scores.clone(), one_class)
        except Exception:  # noqa: BLE001 - it ran on the mixed batch above; a failure here is said as nan
            value = torch.tensor(float("nan"))
        if torch.is_tensor(value) and not torch.isfinite(value).all():
            raise Hint(
                f"On a batch whose photos are all of class {int(cls)}, `loss_fn` gives {float(value)}: its settings "
                f"leave those photos out. Use the plain `{fix}`."
            )


def _loss_name(loss_fn) -> str:
    """A loss as the learner wrote it: `nn.CrossEntropyLoss`, `F.cross_entropy`, `my_loss`."""
    if inspect.isfunction(loss_fn) or inspect.isbuiltin(loss_fn):
        return f"`{getattr(loss_fn, '__name__', 'your function')}`"
    cls = type(loss_fn)
    return f"`nn.{cls.__name__}`" if cls.__module__.startswith("torch.nn") else f"`{cls.__name__}`"


def _door_scores() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(8)
    return torch.randn(6, generator=g) * 3, torch.tensor([0.0, 1, 1, 0, 1, 0])


@exercise("05.3", "the loss for one score", "replace `...` with a loss function", defines=("loss_fn",))
def loss_choice(loss_fn) -> str:
    scores, targets = _door_scores()
    if isinstance(loss_fn, nn.CrossEntropyLoss):
        raise Hint(
            "`nn.CrossEntropyLoss` computes a softmax over the scores of each photo; over one score a "
            "softmax is always 1, so the head cannot learn. A yes/no answer from one raw score needs: "
            "`nn.BCEWithLogitsLoss()`."
        )
    return judge_loss(loss_fn, nn.BCEWithLogitsLoss, "A yes/no answer from one raw score needs", scores, targets)


@fallback("05.3")
def _bce(ns: dict) -> dict:
    return {"loss_fn": nn.BCEWithLogitsLoss()}


# --------------------------------------------------------------------------------------------------------
# 05.4


@exercise("05.4", "read the door model's score", "replace the two `...` in read_score", defines=("read_score",))
def score(read_score_answer, classes) -> str:
    fn = read_score_answer
    require_done(fn)
    for s in (-3.0, -0.3, 0.2, 4.0, 0.0):
        got = call(fn, torch.tensor(s), name="read_score")
        require_done(got)
        if not (isinstance(got, tuple) and len(got) == 2):
            raise Hint(
                f"For a score of {s} it returned {describe(got)}; it should return two things, the class's "
                f"name and its probability."
            )
        name, p = got
        if not isinstance(name, str) and isinstance(p, str):
            raise Hint("It returns (probability, name); the scaffold's order is (name, probability).")
        p = number(p, f"The probability it gave for a score of {s}")
        p1 = 1 / (1 + math.exp(-s))
        want = (classes[1], p1) if s > 0 else (classes[0], 1 - p1)
        if s == 0 and name == classes[1] and isinstance(name, str):
            raise Hint(
                f"For a score of exactly 0 (a probability of 0.5) it said {name!r}: class 1 wins only when its "
                f"probability is above 0.5, as the task says, so a tie goes to class 0 ({classes[0]!r}). Use `>`, "
                f"not `>=`."
            )
        if not isinstance(name, str):
            raise Hint(
                f"For a score of {s} it named the class {describe(name)}; return the class's name, "
                f"`classes[0]` or `classes[1]`."
            )
        if math.isclose(p, 100 * want[1], abs_tol=0.05) or math.isclose(p, 100 * (1 - want[1]), abs_tol=0.05):
            raise Hint(
                f"For a score of {s} it gave {p:.2f}: a percentage. Return the probability itself, between "
                f"0 and 1 (the lesson prints it as a percentage)."
            )
        if math.isclose(p, 1.0) and all(
            math.isclose(number(call(fn, torch.tensor(t))[1], "p"), 1.0) for t in (-3.0, 4.0)
        ):
            named = [call(fn, torch.tensor(t))[0] for t in (-3.0, -0.3, 0.2, 4.0)]
            if named == [classes[0], classes[0], classes[1], classes[1]]:
                raise Hint(
                    "It names the right class, but always with a probability of 1: the probability was rounded "
                    "to 0 or 1 (`.round()`, or a comparison with 0.5) before it was reported. Keep "
                    "`torch.sigmoid(score)` as it is: the lesson prints how sure the model is."
                )
            raise Hint(
                "The probability is always 1, whatever the score: a softmax over one score always gives 1. The "
                "probability of class 1 is `torch.sigmoid(score)`."
            )
        if not 0 <= p <= 1:
            raise Hint(
                f"For a score of {s} it gave a probability of {p:.2f}: a score is no probability; "
                f"`torch.sigmoid(score)` turns it into one."
            )
        if name != want[0]:
            named = {t: call(fn, torch.tensor(t))[0] for t in (-3.0, -0.3, 0.2, 4.0)}
            if all(n == classes[1] for n in named.values()):
                raise Hint(
                    f"It always names class 1 ({classes[1]!r}), even for a negative score: a probability is "
                    f"always above 0, so compare it with 0.5 (or the score with 0)."
                )
            if all(named[t] == classes[0] for t in (0.2, 4.0)) and all(named[t] == classes[1] for t in (-3.0, -0.3)):
                raise Hint(
                    f"It has the classes the wrong way round: a positive score (class 1 more likely than not) "
                    f"means class 1 ({classes[1]!r}), a negative one class 0 ({classes[0]!r}). Check the comparison, "
                    f"and that the probability is `torch.sigmoid(score)`, not of `-score`."
                )
            if s in (0.2, -0.3) and all(
                call(fn, torch.tensor(t))[0] == w for t, w in ((-3.0, classes[0]), (4.0, classes[1]))
            ):
                raise Hint(
                    f"For a score of {s} it said {name!r}: the boundary is a score of 0 (a probability of "
                    f"0.5), not a score of 0.5."
                )
            raise Hint(
                f"For a score of {s} it said {name!r}, expected {want[0]!r}: a positive score means class 1 "
                f"({classes[1]!r}), a negative one class 0 ({classes[0]!r})."
            )
        if not math.isclose(p, want[1], abs_tol=1e-4):
            if math.isclose(p, 1 - want[1], abs_tol=1e-4):
                raise Hint(
                    f"For a score of {s} it said {name!r} with the probability of the other class "
                    f"({p:.3f}); report how sure the model is of the class it names ({want[1]:.3f})."
                )
            raise Hint(
                f"For a score of {s} it said {name!r} with probability {p:.3f}, expected {want[1]:.3f}: "
                f"the probability of class 1 is `torch.sigmoid(score)`."
            )
    return f"a positive score is {classes[1]!r}, a negative one {classes[0]!r}, with the sigmoid's probability"


@fallback("05.4")
def _read(ns: dict) -> dict:
    classes = ns["classes"]
    return {"read_score": lambda score: read_score(score, classes)}


#: The handouts call ``check.carry_on(number, globals())`` where a solution was (see ``core.carry_on``).
__all__ = ["carry_on"]
