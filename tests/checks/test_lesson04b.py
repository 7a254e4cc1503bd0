"""The checks of lesson 04b (04b_asl_predictions), judged on learners' answers: correct ones in several styles, and
wrong ones each with the phrase its hint must contain. Most answers were written from the task's text
alone, by people who had not read the checks.
"""

from judging import Answer, lesson_tests

ANSWERS = [
    Answer(
        "04b.1",
        "correct",
        "the hints written in, exactly as listed",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),                          # 1. greyscale
    v2.Resize((28, 28)),                     # 2. 28 x 28
    v2.ToDtype(torch.float32, scale=True),   # 3. floats in [0, 1]
])
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "keyword arguments everywhere, Grayscale(num_output_channels=1), antial",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(num_output_channels=1),
    v2.Resize(size=[28, 28], antialias=True),
    v2.ToDtype(dtype=torch.float32, scale=True),
])
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "steps built in a list first, Grayscale(1) positional, then Compose(ste",
        """
steps = [v2.ToImage(), v2.Grayscale(1), v2.Resize((28, 28)), v2.ToDtype(torch.float32, scale=True)]
prepare = v2.Compose(steps)
print(prepare)
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "scales to float with a Lambda dividing by 255 instead of ToDtype(scale",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.Lambda(lambda t: t.to(torch.float32) / 255.0),  # same as ToDtype(torch.float32, scale=True)
])
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "converts to float in [0,1] first, then grey and resize on floats (equi",
        """
# ToDtype first so that grey and resize work on floats
prepare = v2.Compose([
    v2.ToImage(),
    v2.ToDtype(torch.float32, scale=True),
    v2.Grayscale(),
    v2.Resize((28, 28)),
])
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "resizes before turning grey (order of 1 and 2 swapped, same result)",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Resize((28, 28)),     # smaller first, then grey: same picture
    v2.Grayscale(),
    v2.ToDtype(torch.float32, scale=True),
])
""",
    ),
    Answer(
        "04b.1",
        "wrong",
        "forgot the greyscale step: the tensor keeps 3 colour channels",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The result has 3 colour channels; the network",
    ),
    Answer(
        "04b.1",
        "wrong",
        "v2.Resize(28) only makes the SHORTER side 28, a non-square photo is no",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize(28),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The result is 44 x 28 pixels: `v2.Resize(28)`",
    ),
    Answer(
        "04b.1",
        "wrong",
        "ToDtype without scale=True: floats 0-255 instead of 0-1",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32),
])
""",
        hint="The pixels are floats but go up to",
    ),
    Answer(
        "04b.1",
        "wrong",
        "Grayscale(num_output_channels=3): grey but still 3 channels",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(num_output_channels=3),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The result is grey, but in three identical",
    ),
    Answer(
        "04b.1",
        "wrong",
        "CenterCrop(28) instead of Resize: cuts a tiny 28x28 patch out of the m",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.CenterCrop(28),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="A crop cuts a 28 x 28 patch",
    ),
    Answer(
        "04b.1",
        "wrong",
        "left out v2.ToImage(): the PIL image goes through and a PIL image (not",
        """
prepare = v2.Compose([
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The pipeline returned a picture (a PIL image)",
    ),
    Answer(
        "04b.1",
        "wrong",
        "adds a Normalize(0.5, 0.5): values -1..1 instead of 0..1 the model was",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize(mean=[0.5], std=[0.5]),
])
""",
        hint="Some values are below 0: the training images",
    ),
    Answer(
        "04b.1",
        "wrong",
        "float64 instead of float32: the model's float32 weights will not take",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float64, scale=True),
])
""",
        hint="The pixels are float64, but the network's weights",
    ),
    Answer(
        "04b.1",
        "wrong",
        "a plain list, not wrapped in v2.Compose: prepare is not callable",
        """
prepare = [
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
]
""",
        hint="Your `prepare` should be a function, but it",
    ),
    Answer(
        "04b.1",
        "wrong",
        "RandomGrayscale(p=1.0) keeps 3 channels (grey copied three times)",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.RandomGrayscale(p=1.0),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The result is grey, but in three identical",
    ),
    Answer(
        "04b.2",
        "correct",
        "the hints written in: unsqueeze(0), .to(model_device), argmax(dim=1).i",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0)
    batch = batch.to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return letters[index]
""",
    ),
    Answer(
        "04b.2",
        "correct",
        "image[None, ...], .to(device=...), torch.argmax(scores, 1) with int()",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image[None, ...]
    batch = batch.to(device=model_device)
    scores = model(batch)
    index = int(torch.argmax(scores, 1))
    return letters[index]
""",
    ),
    Answer(
        "04b.2",
        "correct",
        "one-liner unsqueeze(dim=0).to(...), argmax of scores[0]",
        '''
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    """Read one photo: prepare -> unsqueeze(0) -> model -> argmax -> letter."""
    model.eval()
    model_device = next(model.parameters()).device
    batch = prepare(open_image(path)).unsqueeze(dim=0).to(model_device)
    scores = model(batch)
    index = scores[0].argmax().item()
    return letters[index]
''',
    ),
    Answer(
        "04b.2",
        "correct",
        "reshape to (1, *shape), torch.max(...).indices, inference_mode instead",
        """
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    dev = next(model.parameters()).device
    with torch.inference_mode():
        image = prepare(open_image(path))
        batch = image.reshape(1, *image.shape).to(dev)
        scores = model(batch)
        best = scores.max(dim=1).indices.item()
    return letters[best]
""",
    ),
    Answer(
        "04b.2",
        "correct",
        "torch.stack([image]) as batch, softmax then topk(1)",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = torch.stack([image])
    batch = batch.to(model_device)
    scores = model(batch)
    probs = torch.softmax(scores, dim=1)
    _, top = probs.topk(1, dim=1)
    index = top[0, 0].item()
    return letters[index]
""",
    ),
    Answer(
        "04b.2",
        "wrong",
        "forgot to move the batch to the model's device",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return letters[index]
""",
        hint="The batch stayed on the CPU while the",
    ),
    Answer(
        "04b.2",
        "wrong",
        "argmax on dim 0 (the batch axis): 24 zeros, .item() fails",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=0).item()
    return letters[index]
""",
        hint="Your `predict_letter` raised RuntimeError: a Tensor with 24",
    ),
    Answer(
        "04b.2",
        "wrong",
        "returns the index instead of the letter",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return index
""",
        hint="It returned the number 12; `predict_letter` should return",
    ),
    Answer(
        "04b.2",
        "wrong",
        "indexes the whole alphabet (string.ascii_uppercase) instead of the let",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    import string
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return string.ascii_uppercase[index]
""",
        hint="The letters were taken from the whole alphabet;",
    ),
    Answer(
        "04b.2",
        "wrong",
        "argmin instead of argmax: the LEAST likely letter",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmin(dim=1).item()
    return letters[index]
""",
        hint="It answered 'o' where the network's highest score",
    ),
    Answer(
        "04b.2",
        "wrong",
        "no batch axis: the model gets a 1x28x28 image",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.to(model_device)
    scores = model(batch)
    index = scores.argmax().item()
    return letters[index]
""",
        hint="The network was given a tensor of shape",
    ),
    Answer(
        "04b.2",
        "wrong",
        "left out model.eval(): dropout stays on, a photo can get different let",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return letters[index]
""",
        hint="The network was in training mode: keep `model.eval()`",
    ),
    Answer(
        "04b.2",
        "wrong",
        "forgot the return: the function returns None",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    letter = letters[index]
""",
        hint="It returned None (nothing); `predict_letter` should return the",
    ),
    Answer(
        "04b.2",
        "wrong",
        "hard-coded .to('cuda') instead of the model's device: fails on a CPU-o",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0).to("cuda")
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return letters[index]
""",
        hint="It moves the batch to the GPU by",
    ),
    Answer(
        "04b.2",
        "wrong",
        "ignores the letters argument and always uses ASL_LETTERS: a model with",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return ASL_LETTERS[index]
""",
        hint="It ignores the `letters` it is given and",
    ),
    Answer(
        "04b.1",
        "correct",
        "as the task lists it, with the scaffold's comments kept",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),                          # 1. greyscale
    v2.Resize((28, 28)),                     # 2. 28 x 28
    v2.ToDtype(torch.float32, scale=True),   # 3. floats in [0, 1]
])
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "keyword arguments everywhere: Grayscale(num_output_channels=1), Resize",
        """
# steps: ToImage -> Grayscale -> Resize -> ToDtype
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(num_output_channels=1),
    v2.Resize(size=(28, 28), antialias=True),
    v2.ToDtype(dtype=torch.float, scale=True),
])
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "steps built in a list first, Grayscale(1) positional, Resize with a li",
        """
steps = [v2.ToImage()]
steps.append(v2.Grayscale(1))        # one channel
steps.append(v2.Resize([28, 28]))    # same size as Sign Language MNIST
steps.append(v2.ToDtype(torch.float32, scale=True))  # 0..255 -> 0..1
prepare = v2.Compose(steps)
print(prepare)
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "converts to floats first, then grey and resize (same result up to roun",
        """
from PIL import Image as _PILImage

prepare = v2.Compose([
    v2.ToImage(),
    v2.ToDtype(torch.float32, scale=True),  # floats 0-1 first
    v2.Grayscale(),
    v2.Resize((28, 28)),
])
_test = prepare(_PILImage.new("RGB", (100, 60), (200, 10, 10)))
assert _test.shape == (1, 28, 28), _test.shape
""",
    ),
    Answer(
        "04b.1",
        "correct",
        "scales by hand with a v2.Lambda dividing by 255 instead of ToDtype(sca",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.Lambda(lambda t: t.float() / 255),   # same as ToDtype(torch.float32, scale=True)
])
""",
    ),
    Answer(
        "04b.1",
        "wrong",
        "ToDtype without scale=True: the values stay 0-255 as floats",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32),
])
""",
        hint="The pixels are floats but go up to",
    ),
    Answer(
        "04b.1",
        "wrong",
        "Grayscale(3): three grey channels instead of one",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(3),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The result is grey, but in three identical",
    ),
    Answer(
        "04b.1",
        "wrong",
        "Resize(28) only sets the shorter side, so a non-square photo becomes 2",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize(28),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The result is 44 x 28 pixels: `v2.Resize(28)`",
    ),
    Answer(
        "04b.1",
        "wrong",
        "CenterCrop(28) instead of Resize: cuts a 28 x 28 patch out of the midd",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.CenterCrop(28),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="A crop cuts a 28 x 28 patch",
    ),
    Answer(
        "04b.1",
        "wrong",
        "adds Normalize(0.5, 0.5) from another tutorial: values go to -1..1, no",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize(mean=[0.5], std=[0.5]),
])
""",
        hint="Some values are below 0: the training images",
    ),
    Answer(
        "04b.1",
        "wrong",
        "RandomResizedCrop(28) instead of Resize: a random crop, so the same ph",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.RandomResizedCrop((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The shape and the range are right, but",
    ),
    Answer(
        "04b.1",
        "wrong",
        "forgets the greyscale step: the tensor keeps 3 colour channels",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float32, scale=True),
])
""",
        hint="The result has 3 colour channels; the network",
    ),
    Answer(
        "04b.1",
        "wrong",
        "float64 instead of float32: the model's float32 weights cannot take a",
        """
prepare = v2.Compose([
    v2.ToImage(),
    v2.Grayscale(),
    v2.Resize((28, 28)),
    v2.ToDtype(torch.float64, scale=True),
])
""",
        hint="The pixels are float64, but the network's weights",
    ),
    Answer(
        "04b.2",
        "correct",
        "the scaffold filled in as the task describes",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))  # 1 x 28 x 28
    batch = image.unsqueeze(0)         # 1. a batch of one: 1 x 1 x 28 x 28
    batch = batch.to(model_device)     # 2. on the model's device
    scores = model(batch)              # 1 x 24
    index = scores.argmax(dim=1).item()  # 3. the class with the highest score
    return letters[index]              # 4. its letter
""",
    ),
    Answer(
        "04b.2",
        "correct",
        "x[None] for the batch axis, torch.argmax(scores, 1) and int()",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    dev = next(model.parameters()).device
    x = prepare(open_image(path))
    x = x[None].to(dev)           # add batch dim and move
    out = model(x)
    i = int(torch.argmax(out, 1)[0])
    return letters[i]
""",
    ),
    Answer(
        "04b.2",
        "correct",
        "a docstring, view(1, *shape), max(dim=1) returning values and indices",
        '''
def predict_letter(path, model, letters=ASL_LETTERS):
    """Reads one photo: prepare() -> unsqueeze/view to a batch -> model -> argmax -> letter."""
    model.eval()  # dropout off
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    with torch.no_grad():
        batch = image.view(1, *image.shape).to(model_device)
        scores = model(batch)
        best_score, best_index = scores.max(dim=1)
    return letters[best_index.item()]
''',
    ),
    Answer(
        "04b.2",
        "correct",
        "one chained line for the batch",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(dim=0).to(device=model_device)
    assert batch.ndim == 4, batch.shape
    scores = model(batch)
    index = scores[0].argmax().item()
    letter = letters[index]
    return letter
""",
    ),
    Answer(
        "04b.2",
        "correct",
        "reshape(1, 1, 28, 28), torch.max with dim, and a list() call on the le",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.reshape(1, 1, 28, 28)
    batch = batch.to(model_device)
    scores = model(batch)
    _, index = torch.max(scores, dim=1)
    return list(letters)[index.item()]
""",
    ),
    Answer(
        "04b.2",
        "wrong",
        "returns the index (a number) instead of the letter",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0)
    batch = batch.to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return index
""",
        hint="It returned the number 12; `predict_letter` should return",
    ),
    Answer(
        "04b.2",
        "wrong",
        "argmax along dim=0 (the batch axis) instead of dim=1",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0)
    batch = batch.to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=0)[0].item()
    return letters[index]
""",
        hint="It always answers 'a' (index 0), whatever the",
    ),
    Answer(
        "04b.2",
        "wrong",
        "the whole alphabet (chr(ord('A') + index)) instead of the model's lett",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return chr(ord("A") + index)   # 0 -> A, 1 -> B, ...
""",
        hint="The letters were taken from the whole alphabet;",
    ),
    Answer(
        "04b.2",
        "wrong",
        "uses the global ASL_LETTERS instead of the letters argument, so a mode",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0)
    batch = batch.to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return ASL_LETTERS[index]
""",
        hint="It ignores the `letters` it is given and",
    ),
    Answer(
        "04b.2",
        "wrong",
        "removes model.eval() (thinks no_grad is enough): dropout stays on and",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0)
    batch = batch.to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return letters[index]
""",
        hint="The network was in training mode: keep `model.eval()`",
    ),
    Answer(
        "04b.2",
        "wrong",
        "never moves the batch to the model's device (step 2 left as the plain",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return letters[index]
""",
        hint="The batch stayed on the CPU while the",
    ),
    Answer(
        "04b.2",
        "wrong",
        "max instead of argmax: takes the highest score's value as the index",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = int(scores.max().item())
    return letters[index]
""",
        hint="The index it looked the letter up with",
    ),
    Answer(
        "04b.2",
        "wrong",
        "forgets the batch axis: passes the 1 x 28 x 28 image straight to the m",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.to(model_device)
    scores = model(batch)
    index = scores.argmax(dim=1).item()
    return letters[index]
""",
        hint="The network was given a tensor of shape",
    ),
    Answer(
        "04b.2",
        "wrong",
        "argmin instead of argmax: picks the least likely letter",
        """
@torch.no_grad()
def predict_letter(path, model, letters=ASL_LETTERS):
    model.eval()
    model_device = next(model.parameters()).device
    image = prepare(open_image(path))
    batch = image.unsqueeze(0).to(model_device)
    scores = model(batch)
    index = scores.argmin(dim=1).item()
    return letters[index]
""",
        hint="It answered 'o' where the network's highest score",
    ),
]

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("04b", ANSWERS)
