"""Reading new photos with a sign-language model (utils.sign_reader, lesson 04b): every kind of photo prepared
as the network's input, the prediction, and loading lesson 04a's model. Files that are not photos are
plumbing/test_images.py's; the command line is app/test_read_signs.py's."""

from __future__ import annotations

import pytest
import torch
from PIL import Image

from utils.data import ASL_LETTERS
from utils.networks import asl_cnn_blocks
from utils.plumbing.checkpoints import ModelFileError, save_checkpoint
from utils.sign_reader import load_sign_model, predict_letter, top_classes

from helpers import GOOD_PHOTOS, prepared, save_real_hands_model, write


@pytest.mark.parametrize("name", GOOD_PHOTOS)
def test_every_mode_gives_a_batch_of_one_in_0_1(good_photos, name):
    x = prepared(good_photos[name])
    assert x.shape == (1, 1, 28, 28) and x.dtype == torch.float32
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert x.max() - x.min() > 0.3, "the picture's content survived"


def test_sixteen_bit_is_scaled_not_clipped(good_photos):
    eight = prepared(good_photos["grey.png"])
    sixteen = prepared(good_photos["grey16.png"])
    assert torch.allclose(eight, sixteen, atol=2 / 255)


def test_transparency_becomes_white(tmp_path):
    clear = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    x = prepared(write(tmp_path, "clear.png", clear))
    assert torch.allclose(x, torch.ones_like(x), atol=1.5 / 255)  # white, to within one grey level


def test_predict_letter_matches_the_model(good_photos, saved_sign_model):
    model, _ = saved_sign_model
    path = good_photos["rgb.jpg"]
    prediction = predict_letter(path, model)
    with torch.no_grad():
        probs = torch.softmax(model(prepared(path)), 1)[0]
    assert prediction.letter == "abcdefghiklmnopqrstuvwxy"[int(probs.argmax())]
    assert abs(prediction.probability - float(probs.max())) < 1e-6
    assert len(prediction.top) == 3 and prediction.top[0][1] >= prediction.top[1][1] >= prediction.top[2][1]


def test_load_sign_model_takes_lesson_04a_models_only(tmp_path, saved_sign_model):
    model, path = saved_sign_model
    loaded, info = load_sign_model(path, "cpu")
    assert info["architecture"] == "asl_cnn_blocks" and not loaded.training
    assert all(torch.equal(a, b) for a, b in zip(loaded.state_dict().values(), model.state_dict().values()))
    assert load_sign_model(path, "cpu", shared=True)[0] is load_sign_model(path, "cpu", shared=True)[0]
    with pytest.raises(ModelFileError, match="not one of dense_net, asl_cnn, asl_cnn_blocks"):
        load_sign_model(save_real_hands_model(tmp_path / "real.pt"), "cpu")  # lesson 06's: utils.app.readers loads it
    wide = save_checkpoint(
        tmp_path / "wide.pt",
        asl_cnn_blocks(24),
        architecture="asl_cnn_blocks",
        architecture_args={"n_classes": 24},
        classes=ASL_LETTERS,
        input_size=[3, 28, 28],
    )
    with pytest.raises(ModelFileError, match="not the 1 x 28 x 28 greyscale"):
        load_sign_model(wide, "cpu")
    with pytest.raises(ModelFileError, match="04a_asl_augmentation"):
        load_sign_model(tmp_path / "none.pt", "cpu")


def test_top_classes_are_the_most_likely_first_with_their_probabilities():
    scores = torch.tensor([[0.0, 3.0, 1.0, 2.0]])
    top = top_classes(scores, "abcd", k=3)
    assert [(i, name) for i, name, _ in top] == [(1, "b"), (3, "d"), (2, "c")]
    assert [p for *_, p in top] == pytest.approx(torch.softmax(scores[0], 0)[[1, 3, 2]].tolist())
    assert len(top_classes(scores, "abcd", k=10)) == 4
