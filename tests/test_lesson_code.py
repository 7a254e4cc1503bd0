"""The code a lesson writes agrees with the package's copy of it.

Every cell marked ``# lesson-defines: utils.<module>.<name>`` is run in a fresh namespace (the lesson's
setup cell, the lesson's code before it, small generated stand-ins for the data: ``lesson_namespace``) and
compared with the package: modules by structure, parameter count and outputs with the same weights;
functions by their results on generated inputs; the training loop by the weights it trains.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import torch
import torchvision
from PIL import Image
from torch import nn

from utils import augment, data, networks, pretrained, real_hands, sign_reader, training
from utils.data import TensorData, TensorLoader
from utils.networks import count_parameters
from utils.plumbing.images import open_image

from helpers import write_toy_asl_csv
from lesson_cells import NOTEBOOKS, lesson_namespace, marked_cells, run_cell

MARKED = [(path, i, target, source) for path in NOTEBOOKS for i, target, source in marked_cells(path)]


def leaf_types(module: nn.Module) -> list[str]:
    return [type(m).__name__ for m in module.modules() if not list(m.children())]


def assert_same_module(lesson: nn.Module, package: nn.Module, x: torch.Tensor, where: str) -> None:
    """Same layers in the same order, same parameter shapes, and the same outputs with the same weights."""
    lesson, package = copy.deepcopy(lesson).cpu(), copy.deepcopy(package).cpu()
    assert leaf_types(lesson) == leaf_types(package), f"{where}: layers differ from the package's"
    lesson_tensors = list(lesson.parameters()) + list(lesson.buffers())
    package_tensors = list(package.parameters()) + list(package.buffers())
    assert [t.shape for t in lesson_tensors] == [t.shape for t in package_tensors], f"{where}: parameter shapes differ"
    assert count_parameters(lesson) == count_parameters(package)
    with torch.no_grad():
        for dst, src in zip(lesson_tensors, package_tensors):
            dst.copy_(src)
    lesson.eval(), package.eval()
    with torch.no_grad():
        assert torch.allclose(lesson(x), package(x), atol=1e-6), f"{where}: outputs differ with the same weights"


def photos(tmp_path, n=5):
    rng = np.random.default_rng(2)
    paths = []
    for i in range(n):
        size = (30 + 7 * i, 45 + 3 * i)
        mode = ["RGB", "L", "RGBA", "RGB", "P"][i % 5]
        image = Image.fromarray(rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8), "RGB").convert(mode)
        paths.append(tmp_path / f"photo{i}.png")
        image.save(paths[-1])
    return paths


def compare_dense_net(ns, where, tmp_path, monkeypatch):
    lesson = ns["model"]
    n_out = [m for m in lesson.modules() if isinstance(m, nn.Linear)][-1].out_features
    assert_same_module(lesson, networks.dense_net(n_out), torch.rand(3, 1, 28, 28), where)


def compare_asl_cnn(ns, where, tmp_path, monkeypatch):
    assert_same_module(ns["model"], networks.asl_cnn(24), torch.rand(3, 1, 28, 28), where)


def compare_asl_cnn_blocks(ns, where, tmp_path, monkeypatch):
    assert_same_module(ns["model"], networks.asl_cnn_blocks(24), torch.rand(3, 1, 28, 28), where)
    # the saved state_dict's names must be the package's, so lesson 04b can load the model
    assert list(ns["model"].state_dict()) == list(networks.asl_cnn_blocks(24).state_dict()), where


def compare_conv_block(ns, where, tmp_path, monkeypatch):
    for args in ((1, 25, 0.0), (25, 50, 0.2)):
        lesson, package = ns["MyConvBlock"](*args), networks.MyConvBlock(*args)
        assert_same_module(lesson, package, torch.rand(2, args[0], 14, 14), where)
        assert list(lesson.state_dict()) == list(package.state_dict()), where
        assert [m.p for m in lesson.modules() if isinstance(m, nn.Dropout)] == [args[2]], where


def compare_train(ns, where, tmp_path, monkeypatch):
    """The lesson's loop and fit (CUDA graphs off) train the same weights from the same start."""
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "0")
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    g = torch.Generator().manual_seed(3)
    data = TensorData(torch.rand(70, 1, 28, 28, generator=g), torch.randint(0, 24, (70,), generator=g))
    torch.manual_seed(0)
    start = networks.asl_cnn(24)  # dropout and BatchNorm: the loop must handle both as fit does
    runs = {}
    for who in ("lesson", "fit"):
        model = copy.deepcopy(start)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loader = TensorLoader(data, batch_size=16, shuffle=True, seed=7)
        torch.manual_seed(11)  # the same dropout draws for both
        if who == "lesson":
            results = [ns["train_one_epoch"](model, loader, nn.CrossEntropyLoss(), optimizer) for _ in range(2)]
        else:
            history = training.fit(
                model,
                loader,
                TensorLoader(data, batch_size=35),
                optimizer,
                nn.CrossEntropyLoss(),
                epochs=2,
                verbose=False,
            )
            results = list(zip(history.train_loss, history.train_acc))
        runs[who] = (model.state_dict(), results)
    for key, value in runs["fit"][0].items():
        assert torch.allclose(runs["lesson"][0][key], value, atol=1e-6), f"{where}: {key} differs after 2 epochs"
    for (l_loss, l_acc), (f_loss, f_acc) in zip(runs["lesson"][1], runs["fit"][1]):
        assert l_loss == pytest.approx(f_loss, rel=1e-5) and l_acc == pytest.approx(f_acc), where


def compare_validate(ns, where, tmp_path, monkeypatch):
    g = torch.Generator().manual_seed(4)
    data = TensorData(torch.rand(50, 1, 28, 28, generator=g), torch.randint(0, 24, (50,), generator=g))
    torch.manual_seed(0)
    model = networks.asl_cnn(24).train()
    loader = TensorLoader(data, batch_size=16)
    got = ns["validate_one_epoch"](model, loader, nn.CrossEntropyLoss())
    want = training.validate(model, loader, nn.CrossEntropyLoss())
    assert got[0] == pytest.approx(want[0], rel=1e-5) and got[1] == pytest.approx(want[1]), where
    assert not model.training, f"{where}: validation should leave the model in eval mode, as utils.training.validate"


def compare_label_mapping(ns, where, tmp_path, monkeypatch):
    labels = torch.tensor([k for k in range(25) if k != 9] * 3)
    assert torch.equal(ns["kaggle_to_index"](labels), data.asl_label_to_index(labels)), where


def compare_batch_accuracy(ns, where, tmp_path, monkeypatch):
    g = torch.Generator().manual_seed(5)
    for n in (1, 7, 32):
        output, y = torch.randn(n, 24, generator=g), torch.randint(0, 24, (n,), generator=g)
        got = ns["get_batch_accuracy"](output, y, 100)
        assert float(got) == pytest.approx(training.get_batch_accuracy(output, y, 100)), where


def compare_read_csv(ns, where, tmp_path, monkeypatch):
    path, _, _ = write_toy_asl_csv(tmp_path)
    got, want = ns["read_asl_csv"](path), data.read_asl_csv(path)
    assert got.x.dtype == want.x.dtype and torch.equal(got.x, want.x), where
    assert torch.equal(got.y.long(), want.y), where


def compare_original_augment(ns, where, tmp_path, monkeypatch):
    x = torch.rand(8, 1, 28, 28)
    for seed in range(3):
        torch.manual_seed(seed)
        got = ns["original_augment"](x)
        torch.manual_seed(seed)
        want = augment.original_augment()(x)
        assert torch.equal(got, want), f"{where}: not the same pipeline as utils.augment.original_augment"


def compare_prepare(ns, where, tmp_path, monkeypatch):
    for path in photos(tmp_path):
        image = open_image(path)
        assert torch.equal(ns["prepare"](image), sign_reader.prepare(image)), f"{where}: {path.name}"


def compare_count_parameters(ns, where, tmp_path, monkeypatch):
    frozen = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
    frozen[0].requires_grad_(False)  # frozen weights are still the network's
    for model in (
        networks.dense_net(10),
        networks.dense_net(24),
        networks.asl_cnn(24),
        networks.MyConvBlock(1, 25, 0),
        frozen,
        nn.ReLU(),
    ):
        assert ns["count_parameters"](model) == networks.count_parameters(model), f"{where}: {type(model).__name__}"


def compare_predict_letter(ns, where, tmp_path, monkeypatch):
    torch.manual_seed(0)
    model = networks.dense_net(24).eval()
    for path in photos(tmp_path):
        want = sign_reader.predict_letter(path, model).letter
        assert ns["predict_letter"](path, model) == want, f"{where}: {path.name}"


def compare_imagenet_top(ns, where, tmp_path, monkeypatch):
    torch.manual_seed(0)
    model = torchvision.models.squeezenet1_1(weights=None).eval()
    weights = torchvision.models.SqueezeNet1_1_Weights.IMAGENET1K_V1
    image = torch.rand(3, 224, 224)
    got = ns["imagenet_top"](model, weights, image, k=3)
    want = pretrained.imagenet_top(model, weights, image, k=3)
    assert [(i, name) for i, name, _ in got] == [(i, name) for i, name, _ in want], where
    assert [p for *_, p in got] == pytest.approx([p for *_, p in want]), where


def compare_door_decision(ns, where, tmp_path, monkeypatch):
    assert [ns["doggy_door_decision"](i) for i in range(1000)] == [
        pretrained.doggy_door_decision(i) for i in range(1000)
    ], where


def compare_read_score(ns, where, tmp_path, monkeypatch):
    for score in torch.tensor([-6.0, -1.5, -1e-4, 0.0, 1e-4, 0.7, 9.0]):
        name, p = ns["read_score"](score)
        want_name, want_p = pretrained.read_score(score, ns["classes"])
        assert name == want_name and p == pytest.approx(want_p), f"{where}: score {float(score)}"


def compare_transfer_model(ns, where, tmp_path, monkeypatch):
    def base():
        torch.manual_seed(1)
        return nn.Sequential(
            nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 1000)
        )

    lesson = ns["frozen_base_with_head"](base())
    package = networks.TransferModel(base(), n_outputs=1).freeze_base()
    trainable = lambda m: networks.count_parameters(m, trainable_only=True)
    assert trainable(lesson) == trainable(package) == 1001, where
    assert_same_module(lesson, package, torch.rand(2, 3, 16, 16), where)


def compare_crop_hand(ns, where, tmp_path, monkeypatch):
    rng = np.random.default_rng(3)
    photo = Image.fromarray(rng.integers(0, 256, size=(90, 120, 3), dtype=np.uint8), "RGB")  # 120 wide, 90 high
    boxes = [(0.5, 0.5, 0.3, 0.4), (0.1, 0.9, 0.2, 0.2), (0.95, 0.05, 0.5, 0.1), (0.5, 0.5, 1.0, 1.0)]
    for box in boxes:  # centred, at the edges (the square sticks out), wide, the whole photo
        for margin in (0.0, 0.1, 0.25):
            got, want = ns["crop_hand"](photo, box, margin), real_hands.crop_hand(photo, box, margin)
            assert got.size == want.size and got.size[0] == got.size[1], f"{where}: box {box}: sizes differ"
            assert np.array_equal(np.asarray(got), np.asarray(want)), f"{where}: box {box}: pixels differ"


def compare_sign_dataset(ns, where, tmp_path, monkeypatch):
    """The same items, one by one and batched by a DataLoader, from a generated table in the CSV's layout."""
    rng = np.random.default_rng(4)
    labels = [24, 0, 10, 8, 3]
    frame = pd.DataFrame({"label": labels} | {f"pixel{k + 1}": rng.integers(0, 256, len(labels)) for k in range(784)})
    lesson, package = ns["SignDataset"](frame), data.SignDataset(frame)
    assert len(lesson) == len(package) == len(labels), where
    for i in range(len(labels)):
        (x, y), (want_x, want_y) = lesson[i], package[i]
        assert x.dtype == want_x.dtype and torch.equal(x, want_x), f"{where}: image {i} differs"
        assert int(y) == int(want_y), f"{where}: label {i} differs"
    batch = next(iter(torch.utils.data.DataLoader(lesson, batch_size=5)))
    want = next(iter(torch.utils.data.DataLoader(package, batch_size=5)))
    assert all(torch.equal(a, b) for a, b in zip(batch, want)), f"{where}: batches differ"


COMPARISONS = {
    "utils.networks.dense_net": compare_dense_net,
    "utils.networks.asl_cnn": compare_asl_cnn,
    "utils.networks.asl_cnn_blocks": compare_asl_cnn_blocks,
    "utils.networks.MyConvBlock": compare_conv_block,
    "utils.networks.count_parameters": compare_count_parameters,
    "utils.training.train": compare_train,
    "utils.training.validate": compare_validate,
    "utils.data.asl_label_to_index": compare_label_mapping,
    "utils.training.get_batch_accuracy": compare_batch_accuracy,
    "utils.data.SignDataset": compare_sign_dataset,
    "utils.data.read_asl_csv": compare_read_csv,
    "utils.augment.original_augment": compare_original_augment,
    "utils.sign_reader.prepare": compare_prepare,
    "utils.sign_reader.predict_letter": compare_predict_letter,
    "utils.pretrained.imagenet_top": compare_imagenet_top,
    "utils.pretrained.doggy_door_decision": compare_door_decision,
    "utils.networks.TransferModel": compare_transfer_model,
    "utils.pretrained.read_score": compare_read_score,
    "utils.real_hands.crop_hand": compare_crop_hand,
}


@pytest.mark.parametrize(
    "path,index,target,source", MARKED, ids=[f"{p.stem}[{i}]:{t.rsplit('.', 1)[-1]}" for p, i, t, _ in MARKED]
)
def test_lesson_code_agrees_with_the_package(path, index, target, source, tmp_path, monkeypatch):
    where = f"{path.name}, cell {index} (# lesson-defines: {target})"
    assert target in COMPARISONS, f"{where}: no comparison is defined for {target}"
    module_name, name = target.rsplit(".", 1)
    assert hasattr(__import__(module_name, fromlist=[name]), name), f"{where}: {target} does not exist"
    ns = lesson_namespace(path, index)
    run_cell(source, ns, f"{path.stem}[{index}]")
    COMPARISONS[target](ns, where, tmp_path, monkeypatch)


def test_every_comparison_is_used_and_each_lesson_writes_its_code():
    used = {target for _, _, target, _ in MARKED}
    assert used == set(COMPARISONS)
    per_notebook = {p.stem: {t for q, _, t, _ in MARKED if q == p} for p in NOTEBOOKS}
    assert {
        "utils.networks.dense_net",
        "utils.networks.count_parameters",
        "utils.training.train",
        "utils.training.validate",
    } <= per_notebook["01_mnist"]
    assert {
        "utils.data.asl_label_to_index",
        "utils.training.get_batch_accuracy",
        "utils.networks.dense_net",
        "utils.data.SignDataset",
    } <= per_notebook["02_asl"]
    assert {"utils.networks.asl_cnn", "utils.data.read_asl_csv"} <= per_notebook["03_asl_cnn"]
    assert {
        "utils.networks.MyConvBlock",
        "utils.networks.asl_cnn_blocks",
        "utils.augment.original_augment",
    } <= per_notebook["04a_asl_augmentation"]
    assert {
        "utils.sign_reader.predict_letter",
        "utils.sign_reader.prepare",
        "utils.real_hands.crop_hand",
    } <= per_notebook["04b_asl_predictions"]
    assert {
        "utils.pretrained.imagenet_top",
        "utils.pretrained.doggy_door_decision",
        "utils.networks.TransferModel",
        "utils.pretrained.read_score",
    } <= per_notebook["05_pretrained_vgg16"]


def test_a_wrong_lesson_cell_is_caught_and_named(tmp_path, monkeypatch):
    """The comparison is real: a lesson model with one layer changed fails, naming notebook and cell."""
    path = next(p for p in NOTEBOOKS if p.stem == "03_asl_cnn")
    index, target, source = next((i, t, s) for i, t, s in marked_cells(path) if t == "utils.networks.asl_cnn")
    ns = lesson_namespace(path, index)
    run_cell(source.replace("nn.Dropout(0.3)", "nn.Dropout(0.5)").replace("nn.BatchNorm2d(75), ", ""), ns, "broken")
    with pytest.raises(AssertionError, match=r"03_asl_cnn.ipynb, cell \d+"):
        compare_asl_cnn(ns, f"{path.name}, cell {index}", tmp_path, monkeypatch)
