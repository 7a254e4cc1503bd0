"""Data augmentation on whole batches, on the device, with a different random draw for every image (lesson 04a).

torchvision's ``v2`` transforms, applied to a batch tensor as the original course does, draw their random
parameters once per call, so all 32 images of a batch get the same rotation, crop, flip and colour
change. ``RandomAugment`` gives every image its own draw and still works on the batch at once: it
builds one small affine matrix per image (rotation, square crop-and-resize, horizontal flip), applies
them all in a single ``grid_sample``, and changes brightness, contrast, saturation and hue with one factor
per image. Lessons 05 and 06 use it on colour photos, cropping them to the backbone's input size at the same time.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torchvision.transforms import v2


class RandomAugment:
    """Per-image RandomRotation, RandomResizedCrop (square), RandomHorizontalFlip and ColorJitter.

    The parameters mean what they mean in torchvision: ``degrees`` (rotation drawn from
    [-degrees, degrees]), ``scale`` (share of the image area the crop keeps), ``flip_p``,
    ``brightness`` / ``contrast`` / ``saturation`` (factors drawn from [1 - b, 1 + b]) and ``hue`` (a
    turn of the colour wheel drawn from [-hue, hue], as a share of a full turn; it turns the colours in
    YIQ space, where torchvision's ``ColorJitter`` turns them in HSV). ``size``: the side of the square
    output (the crop is resized to it; default: the input's size). Images are N x C x H x W floats in
    [0, 1]; areas that rotate into view are filled with 0, as torchvision does.
    """

    def __init__(
        self,
        degrees: float = 5.0,
        scale: tuple[float, float] = (0.9, 1.0),
        flip_p: float = 0.5,
        brightness: float = 0.2,
        contrast: float = 0.5,
        saturation: float = 0.0,
        hue: float = 0.0,
        size: int | None = None,
        seed: int | None = None,
    ):
        self.degrees, self.scale, self.flip_p, self.size = degrees, scale, flip_p, size
        self.brightness, self.contrast, self.saturation, self.hue = brightness, contrast, saturation, hue
        self.generator = torch.Generator().manual_seed(seed) if seed is not None else None

    def _uniform(self, n: int, low: float, high: float) -> torch.Tensor:
        return torch.rand(n, generator=self.generator) * (high - low) + low

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        n = x.shape[0]
        # Geometry: output pixel p (in [-1, 1] coordinates) samples the input at R @ (side * F p) + t.
        angle = self._uniform(n, -self.degrees, self.degrees) * math.pi / 180
        side = self._uniform(n, *self.scale).sqrt()  # the crop's side, as a share of the image's side
        flip = torch.where(torch.rand(n, generator=self.generator) < self.flip_p, -1.0, 1.0)
        room = 1 - side  # how far the crop's centre may move from the image's centre
        tx, ty = self._uniform(n, -1, 1) * room, self._uniform(n, -1, 1) * room
        cos, sin = torch.cos(angle), torch.sin(angle)
        theta = torch.stack(
            [
                torch.stack([cos * side * flip, -sin * side, cos * tx - sin * ty], dim=1),
                torch.stack([sin * side * flip, cos * side, sin * tx + cos * ty], dim=1),
            ],
            dim=1,
        ).to(device=x.device, dtype=x.dtype)
        out_shape = list(x.shape[:2]) + [self.size, self.size] if self.size else list(x.shape)
        grid = F.affine_grid(theta, out_shape, align_corners=False)
        out = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        # Colour: brightness scales every pixel; contrast moves pixels towards or away from the image's mean.
        shape = (n,) + (1,) * (x.ndim - 1)
        b = self._uniform(n, max(0.0, 1 - self.brightness), 1 + self.brightness).view(shape).to(x.device, x.dtype)
        c = self._uniform(n, max(0.0, 1 - self.contrast), 1 + self.contrast).view(shape).to(x.device, x.dtype)
        out = (out * b).clamp_(0, 1)
        mean = (
            out.mean(dim=(1, 2, 3), keepdim=True)
            if out.shape[1] == 1
            else v2.functional.rgb_to_grayscale(out).mean(dim=(1, 2, 3), keepdim=True)
        )
        out = ((out - mean) * c + mean).clamp_(0, 1)
        if out.shape[1] == 3 and self.saturation:  # saturation: towards or away from each pixel's grey
            s = self._uniform(n, max(0.0, 1 - self.saturation), 1 + self.saturation).view(shape).to(x.device, x.dtype)
            grey = v2.functional.rgb_to_grayscale(out)
            out = ((out - grey) * s + grey).clamp_(0, 1)
        if out.shape[1] == 3 and self.hue:
            out = _turn_hue(out, self._uniform(n, -self.hue, self.hue) * 2 * math.pi)
        return out


#: RGB -> YIQ: Y is the brightness, (I, Q) a point on the colour wheel.
_YIQ = torch.tensor([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]])


def _turn_hue(x: torch.Tensor, angle: torch.Tensor) -> torch.Tensor:
    """Turn every image's colours by its own ``angle`` (radians) around the grey axis, keeping brightness."""
    cos, sin = torch.cos(angle), torch.sin(angle)
    one, zero = torch.ones_like(cos), torch.zeros_like(cos)
    turn = torch.stack(
        [torch.stack([one, zero, zero], 1), torch.stack([zero, cos, -sin], 1), torch.stack([zero, sin, cos], 1)], 1
    )  # n x 3 x 3
    matrix = (torch.linalg.inv(_YIQ) @ turn @ _YIQ).to(device=x.device, dtype=x.dtype)
    return torch.einsum("nij,njhw->nihw", matrix, x).clamp_(0, 1)


def original_augment(size: int = 28) -> v2.Compose:
    """The original course's augmentation, as lesson 04a's exercise chooses it: torchvision ``v2`` transforms
    that, applied to a whole batch, draw their random parameters once per call."""
    return v2.Compose(
        [
            v2.RandomRotation(5),
            v2.RandomResizedCrop((size, size), scale=(0.9, 1), ratio=(1, 1)),
            v2.RandomHorizontalFlip(),
            v2.ColorJitter(brightness=0.2, contrast=0.5),
        ]
    )
