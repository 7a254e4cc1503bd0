"""Augmentation on whole batches (utils.augment): a draw per image, and the original course's one draw per batch."""

from __future__ import annotations

import torch

from utils.augment import RandomAugment, original_augment


def test_identity_settings_change_nothing():
    x = torch.rand(8, 1, 28, 28)
    same = RandomAugment(degrees=0, scale=(1, 1), flip_p=0, brightness=0, contrast=0)
    assert torch.allclose(same(x), x, atol=1e-5)


def test_flip_only_mirrors():
    x = torch.rand(8, 1, 28, 28)
    flip = RandomAugment(degrees=0, scale=(1, 1), flip_p=1, brightness=0, contrast=0)
    assert torch.allclose(flip(x), x.flip(-1), atol=1e-5)


def test_each_image_gets_its_own_draw():
    x = torch.rand(1, 1, 28, 28).repeat(16, 1, 1, 1)  # 16 copies of one image
    out = RandomAugment(seed=0)(x)
    assert out.shape == x.shape and 0 <= out.min() and out.max() <= 1
    distinct = {tuple(img.flatten()[:50].tolist()) for img in out}
    assert len(distinct) == 16
    original = original_augment()(x)  # the original course's way: one draw for the whole batch
    assert all(torch.equal(original[0], img) for img in original)


def test_seeded_augmentation_repeats():
    x = torch.rand(4, 1, 28, 28)
    assert torch.equal(RandomAugment(seed=3)(x), RandomAugment(seed=3)(x))


def test_brightness_only_scales():
    x = torch.full((4, 1, 28, 28), 0.5)
    out = RandomAugment(degrees=0, scale=(1, 1), flip_p=0, brightness=0.2, contrast=0, seed=1)(x)
    per_image = out.flatten(1)
    assert torch.allclose(per_image, per_image[:, :1].expand_as(per_image), atol=1e-5)  # uniform images stay uniform
    assert ((per_image[:, 0] >= 0.4 - 1e-5) & (per_image[:, 0] <= 0.6 + 1e-5)).all()
