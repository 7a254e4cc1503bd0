"""The checks of lesson 02 (02_asl), judged on learners' answers: correct ones in several styles, and
wrong ones each with the phrase its hint must contain. Most answers were written from the task's text
alone, by people who had not read the checks.
"""

from judging import Answer, lesson_tests

ANSWERS = [
    Answer(
        "02.1",
        "correct",
        "the hinted one-liner with .long()",
        """
def kaggle_to_index(labels):
    return labels - (labels > 9).long()  # labels after J (9) move down by one
""",
    ),
    Answer(
        "02.1",
        "correct",
        "torch.where",
        """
def kaggle_to_index(labels):
    return torch.where(labels > 9, labels - 1, labels)
""",
    ),
    Answer(
        "02.1",
        "correct",
        "clone and masked in-place subtraction, >= 10",
        """
def kaggle_to_index(labels):
    out = labels.clone()
    out[out >= 10] -= 1
    return out
""",
    ),
    Answer(
        "02.1",
        "correct",
        "arithmetic with .to(labels.dtype) and a docstring",
        '''
def kaggle_to_index(labels):
    """Kaggle's letter positions (0-24 without 9) -> class numbers 0-23."""
    shift = (labels > 9).to(labels.dtype)
    return labels - shift
''',
    ),
    Answer(
        "02.1",
        "correct",
        "lambda",
        """
kaggle_to_index = lambda labels: labels - (labels > 9).int()
""",
    ),
    Answer(
        "02.1",
        "wrong",
        "off-by-one threshold (labels >= 8): I (8) is wrongly moved down to 7",
        """
def kaggle_to_index(labels):
    return labels - (labels >= 8).long()
""",
        hint="Kaggle label 8 (I) became 7, but it",
    ),
    Answer(
        "02.1",
        "wrong",
        "threshold > 10: K (10) is not moved",
        """
def kaggle_to_index(labels):
    return labels - (labels > 10).long()
""",
        hint="Kaggle label 10 (K) became 10, but it",
    ),
    Answer(
        "02.1",
        "wrong",
        "moves labels up instead of down",
        """
def kaggle_to_index(labels):
    return labels + (labels > 9).long()
""",
        hint="Kaggle label 10 (K) became 11, but it",
    ),
    Answer(
        "02.1",
        "wrong",
        "returns only the 0/1 mask, not the shifted labels",
        """
def kaggle_to_index(labels):
    return (labels > 9).long()
""",
        hint="It returned 1 for every label after J",
    ),
    Answer(
        "02.1",
        "wrong",
        "torch.where with the branches swapped",
        """
def kaggle_to_index(labels):
    return torch.where(labels > 9, labels, labels - 1)
""",
        hint="Kaggle label 0 (A) became -1, but it",
    ),
    Answer(
        "02.1",
        "wrong",
        "returns floats (used .float()): values right but dtype float, cannot b",
        """
def kaggle_to_index(labels):
    return labels - (labels > 9).float()
""",
        hint="The numbers are right, but they are floats",
    ),
    Answer(
        "02.1",
        "correct",
        "returns a Python list instead of a tensor",
        """
def kaggle_to_index(labels):
    return [int(l) - 1 if l > 9 else int(l) for l in labels]
""",
    ),
    Answer(
        "02.1",
        "wrong",
        "forgot the return: the function returns None",
        """
def kaggle_to_index(labels):
    labels = labels - (labels > 9).long()
""",
        hint="Your `kaggle_to_index` returned None (nothing); it should return",
    ),
    Answer(
        "02.1",
        "wrong",
        "returns only the moved labels (indexing by the mask), wrong length",
        """
def kaggle_to_index(labels):
    return labels[labels > 9] - 1
""",
        hint="Your `kaggle_to_index` returned 45 values for 72 labels;",
    ),
    Answer(
        "02.2",
        "correct",
        "layers written out as in the task",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512),
    nn.ReLU(),
    nn.Linear(512, 512),
    nn.ReLU(),
    nn.Linear(512, n_classes),
)
""",
    ),
    Answer(
        "02.2",
        "correct",
        "28 * 28, keyword arguments, moved to the device",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(in_features=28 * 28, out_features=512), nn.ReLU(),
    nn.Linear(in_features=512, out_features=512), nn.ReLU(),
    nn.Linear(in_features=512, out_features=n_classes),
).to(device)
""",
    ),
    Answer(
        "02.2",
        "correct",
        "OrderedDict with named layers, ReLU(inplace=True)",
        """
from collections import OrderedDict
n_classes = len(ASL_LETTERS)
model = nn.Sequential(OrderedDict([
    ("flatten", nn.Flatten()),
    ("hidden1", nn.Linear(784, 512)),
    ("relu1", nn.ReLU(inplace=True)),
    ("hidden2", nn.Linear(512, 512)),
    ("relu2", nn.ReLU(inplace=True)),
    ("out", nn.Linear(512, n_classes)),
]))
""",
    ),
    Answer(
        "02.2",
        "correct",
        "literal 24 outputs, a hidden-size variable and a print",
        """
n_classes = len(ASL_LETTERS)
hidden = 512
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, hidden), nn.ReLU(),
    nn.Linear(hidden, hidden), nn.ReLU(),
    nn.Linear(hidden, 24),  # 24 letters
)
print(model)
""",
    ),
    Answer(
        "02.2",
        "correct",
        "layers built in a list and unpacked into Sequential",
        """
n_classes = len(ASL_LETTERS)
layers = [nn.Flatten()]
for n_in, n_out in [(784, 512), (512, 512)]:
    layers += [nn.Linear(n_in, n_out), nn.ReLU()]
layers.append(nn.Linear(512, n_classes))
model = nn.Sequential(*layers)
""",
    ),
    Answer(
        "02.2",
        "wrong",
        "copied lesson 01's 10 outputs",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, 10),
)
""",
        hint="At position 6, the network has `nn.Linear(512, 10)`,",
    ),
    Answer(
        "02.2",
        "wrong",
        "forgot the ReLU between the two hidden layers",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
)
""",
        hint="At position 3, the network has `nn.Linear`, where",
    ),
    Answer(
        "02.2",
        "wrong",
        "ReLU after the output layer too: scores clipped at 0",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes), nn.ReLU(),
)
""",
        hint="The network has one `nn.ReLU` too many at",
    ),
    Answer(
        "02.2",
        "wrong",
        "Softmax at the end, before CrossEntropyLoss (which already applies log",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes), nn.Softmax(dim=1),
)
""",
        hint="The network ends with a softmax. Leave it",
    ),
    Answer(
        "02.2",
        "wrong",
        "only one hidden layer (forgot Linear 512->512)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
)
""",
        hint="At position 4, the network has `nn.Linear(512, 24)`,",
    ),
    Answer(
        "02.2",
        "wrong",
        "hidden layers of 256 instead of 512",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.ReLU(),
    nn.Linear(256, 256), nn.ReLU(),
    nn.Linear(256, n_classes),
)
""",
        hint="At position 2, the network has `nn.Linear(784, 256)`,",
    ),
    Answer(
        "02.2",
        "wrong",
        "Sigmoid instead of ReLU",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.Sigmoid(),
    nn.Linear(512, 512), nn.Sigmoid(),
    nn.Linear(512, n_classes),
)
""",
        hint="At position 3, the network has `nn.Sigmoid`, where",
    ),
    Answer(
        "02.2",
        "wrong",
        "26 outputs for the whole alphabet (ignores that J and Z are missing)",
        """
n_classes = 26
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
)
""",
        hint="Your `n_classes` is 26, but there are 24",
    ),
    Answer(
        "02.2",
        "wrong",
        "deleted the Flatten while rewriting the cell: images stay 1x28x28 and",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
)
""",
        hint="The network stops at `nn.Linear(784, 512)` as the",
    ),
    Answer(
        "02.3",
        "correct",
        "argmax(dim=1), .sum().item(), / N",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)          # 1. the predicted class of every row
    correct = (pred == y).sum().item()   # 2. how many are right
    return correct / N                   # 3. as a share of N
""",
    ),
    Answer(
        "02.3",
        "correct",
        "torch.max(..., dim=1) indices and .eq",
        """
def get_batch_accuracy(output, y, N):
    _, pred = torch.max(output, dim=1)
    correct = pred.eq(y).sum().item()
    return correct / N
""",
    ),
    Answer(
        "02.3",
        "correct",
        "torch.argmax(output, -1) (last axis is the class axis), one-liner retu",
        """
def get_batch_accuracy(output, y, N):
    pred = torch.argmax(output, -1)
    correct = int((pred == y).sum())
    return correct / N
""",
    ),
    Answer(
        "02.3",
        "correct",
        "softmax then argmax (same order), float sum with view_as, docstring",
        '''
def get_batch_accuracy(output, y, N):
    """Share of N that this batch got right."""
    pred = output.softmax(dim=1).argmax(dim=1, keepdim=True)
    correct = pred.eq(y.view_as(pred)).float().sum().item()
    return correct / N
''',
    ),
    Answer(
        "02.3",
        "correct",
        "numpy version",
        """
import numpy as np

def get_batch_accuracy(output, y, N):
    pred = np.argmax(output.detach().cpu().numpy(), axis=1)
    correct = int(np.sum(pred == y.cpu().numpy()))
    return correct / N
""",
    ),
    Answer(
        "02.3",
        "wrong",
        "argmax along dim=0 (the batch axis) instead of the class axis",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=0)
    correct = (pred == y).sum().item()
    return correct / N
""",
        hint="Your `argmax` ran over dim 0, down the",
    ),
    Answer(
        "02.3",
        "wrong",
        "argmax without dim: one index into the flattened tensor",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax()
    correct = (pred == y).sum().item()
    return correct / N
""",
        hint="Your `argmax` without `dim` looks at the whole",
    ),
    Answer(
        "02.3",
        "wrong",
        "argmax with keepdim=True compared with y of shape (B,): broadcasts to",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1, keepdim=True)
    correct = (pred == y).sum().item()
    return correct / N
""",
        hint="The predictions have shape (batch, 1) (`keepdim=True`) and",
    ),
    Answer(
        "02.3",
        "wrong",
        "divides by the batch size len(y) instead of N",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct / len(y)
""",
        hint="It divided by the batch size (5) instead",
    ),
    Answer(
        "02.3",
        "wrong",
        "returns the count without dividing by N",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct
""",
        hint="It returned the number of right answers (3);",
    ),
    Answer(
        "02.3",
        "wrong",
        "inverted fraction N / correct",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return N / correct
""",
        hint="It divided `N` by the count; the share",
    ),
    Answer(
        "02.3",
        "wrong",
        "integer division // gives 0",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct // N
""",
        hint="It returned 0 for a batch with right",
    ),
    Answer(
        "02.3",
        "wrong",
        "percentage instead of a share (* 100)",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct / N * 100
""",
        hint="It returned a percentage; return the share (between",
    ),
    Answer(
        "02.3",
        "wrong",
        ".item without parentheses: correct is a bound method, dividing raises",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item
    return correct / N
""",
        hint="Your `get_batch_accuracy` raised TypeError: unsupported operand type(s) for",
    ),
    Answer(
        "02.3",
        "wrong",
        "returns a tuple (correct, N) instead of the share",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct, N
""",
        hint="What `get_batch_accuracy` returned is a tuple of 2",
    ),
    Answer(
        "02.3",
        "wrong",
        "compares the max score values instead of the indices (output.max(dim=1",
        """
def get_batch_accuracy(output, y, N):
    pred = output.max(dim=1).values
    correct = (pred == y).sum().item()
    return correct / N
""",
        hint="It compared the highest scores themselves with `y`;",
    ),
    Answer(
        "02.1",
        "correct",
        "the one-liner from the task text",
        """
def kaggle_to_index(labels):
    return labels - (labels > 9).long()  # labels after J (9) move down by one
""",
    ),
    Answer(
        "02.1",
        "correct",
        "torch.where with a docstring",
        '''
def kaggle_to_index(labels):
    """Kaggle's A=0..Y=24 (no J=9) -> class numbers 0..23."""
    return torch.where(labels > 9, labels - 1, labels)
''',
    ),
    Answer(
        "02.1",
        "correct",
        "clone, then boolean-mask in-place decrement on the copy",
        """
def kaggle_to_index(labels):
    out = labels.clone()
    out[out >= 10] -= 1   # K..Y shift down, A..I untouched
    return out
""",
    ),
    Answer(
        "02.1",
        "correct",
        "list comprehension over Python ints, back to a long tensor",
        """
def kaggle_to_index(labels):
    return torch.tensor([l - 1 if l > 9 else l for l in labels.tolist()], dtype=torch.long)
""",
    ),
    Answer(
        "02.1",
        "correct",
        "numpy np.where, converted back with torch.as_tensor, with an assert th",
        """
import numpy as np

def kaggle_to_index(labels):
    arr = np.asarray(labels.cpu())
    assert not (arr == 9).any(), "J should never appear"
    return torch.as_tensor(np.where(arr > 9, arr - 1, arr), device=labels.device)
""",
    ),
    Answer(
        "02.1",
        "correct",
        "subtract the bool mask cast to the labels' own dtype",
        """
def kaggle_to_index(labels):
    shift = (labels > 9).to(labels.dtype)
    return labels - shift
""",
    ),
    Answer(
        "02.1",
        "wrong",
        "off by one in the threshold: labels > 10 leaves K at 10, the number L",
        """
def kaggle_to_index(labels):
    return labels - (labels > 10).long()
""",
        hint="Kaggle label 10 (K) became 10, but it",
    ),
    Answer(
        "02.1",
        "wrong",
        "adds instead of subtracts",
        """
def kaggle_to_index(labels):
    return labels + (labels > 9).long()
""",
        hint="Kaggle label 10 (K) became 11, but it",
    ),
    Answer(
        "02.1",
        "wrong",
        "returns only the True/False mask, not the shifted labels",
        """
def kaggle_to_index(labels):
    return (labels > 9).long()
""",
        hint="It returned 1 for every label after J",
    ),
    Answer(
        "02.1",
        "wrong",
        "moves every label down by one, A to I included",
        """
def kaggle_to_index(labels):
    return labels - 1
""",
        hint="Every label moved down by one, so A",
    ),
    Answer(
        "02.1",
        "wrong",
        "Python if on a whole tensor (raises for more than one element)",
        """
def kaggle_to_index(labels):
    if labels > 9:
        return labels - 1
    return labels
""",
        hint="Your `kaggle_to_index` raised RuntimeError: Boolean value of Tensor",
    ),
    Answer(
        "02.1",
        "wrong",
        "returns float class numbers (cast with .float())",
        """
def kaggle_to_index(labels):
    return labels - (labels > 9).float()
""",
        hint="The numbers are right, but they are floats",
    ),
    Answer(
        "02.1",
        "wrong",
        "modifies the caller's tensor in place and returns it",
        """
def kaggle_to_index(labels):
    labels[labels > 9] -= 1
    return labels
""",
        hint="The labels come out right, but it changes",
    ),
    Answer(
        "02.1",
        "wrong",
        "prints the result instead of returning it (returns None)",
        """
def kaggle_to_index(labels):
    print(labels - (labels > 9).long())
""",
        hint="Your `kaggle_to_index` returned None (nothing); it should return",
    ),
    Answer(
        "02.1",
        "wrong",
        "`.long` without parentheses: subtracts a method object (TypeError)",
        """
def kaggle_to_index(labels):
    return labels - (labels > 9).long
""",
        hint="Your `kaggle_to_index` raised TypeError: unsupported operand type(s) for",
    ),
    Answer(
        "02.2",
        "correct",
        "the layers as listed, 28 * 28 inputs",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
).to(device)
""",
    ),
    Answer(
        "02.2",
        "correct",
        "keyword arguments in_features/out_features, one layer per line, inplac",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(in_features=784, out_features=512),
    nn.ReLU(inplace=True),
    nn.Linear(in_features=512, out_features=512),
    nn.ReLU(inplace=True),
    nn.Linear(in_features=512, out_features=n_classes),
)
model = model.to(device)
print(model)
""",
    ),
    Answer(
        "02.2",
        "correct",
        "named layers with an OrderedDict",
        """
from collections import OrderedDict

n_classes = len(ASL_LETTERS)
model = nn.Sequential(OrderedDict([
    ("flatten", nn.Flatten()),
    ("hidden1", nn.Linear(784, 512)),
    ("relu1", nn.ReLU()),
    ("hidden2", nn.Linear(512, 512)),
    ("relu2", nn.ReLU()),
    ("out", nn.Linear(512, n_classes)),
])).to(device)
""",
    ),
    Answer(
        "02.2",
        "correct",
        "an nn.Module subclass with its own forward using F.relu",
        """
import torch.nn.functional as F

n_classes = len(ASL_LETTERS)

class DenseNet(nn.Module):
    def __init__(self, n_out):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 512)
        self.fc3 = nn.Linear(512, n_out)

    def forward(self, x):
        x = self.flatten(x)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

model = DenseNet(n_classes).to(device)
""",
    ),
    Answer(
        "02.2",
        "correct",
        "layers built in a list and unpacked, with an assert on the output shap",
        """
n_classes = len(ASL_LETTERS)
sizes = [784, 512, 512]
layers = [nn.Flatten()]
for a, b in zip(sizes[:-1], sizes[1:]):
    layers += [nn.Linear(a, b), nn.ReLU()]
layers.append(nn.Linear(sizes[-1], n_classes))
model = nn.Sequential(*layers).to(device)
assert model(torch.zeros(2, 1, 28, 28, device=device)).shape == (2, n_classes)
""",
    ),
    Answer(
        "02.2",
        "wrong",
        "copied lesson 01's 10 outputs instead of n_classes",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, 10),
).to(device)
""",
        hint="At position 6, the network has `nn.Linear(512, 10)`,",
    ),
    Answer(
        "02.2",
        "wrong",
        "forgot the ReLU between the two hidden layers",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 3, the network has `nn.Linear`, where",
    ),
    Answer(
        "02.2",
        "wrong",
        "a ReLU after the output layer too, so scores cannot be negative",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes), nn.ReLU(),
).to(device)
""",
        hint="The network has one `nn.ReLU` too many at",
    ),
    Answer(
        "02.2",
        "wrong",
        "a Softmax at the end, although CrossEntropyLoss applies it itself",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
    nn.Softmax(dim=1),
).to(device)
""",
        hint="The network ends with a softmax. Leave it",
    ),
    Answer(
        "02.2",
        "wrong",
        "first layer takes 28 inputs instead of 784 (fails on a forward pass)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 2, the network has `nn.Linear(28, 512)`,",
    ),
    Answer(
        "02.2",
        "wrong",
        "second hidden layer of 256 instead of 512 neurons",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 256), nn.ReLU(),
    nn.Linear(256, n_classes),
).to(device)
""",
        hint="At position 4, the network has `nn.Linear(512, 256)`,",
    ),
    Answer(
        "02.2",
        "wrong",
        "deleted the Flatten, so the Linear layer gets 1x28x28 images",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Linear(784, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, n_classes),
).to(device)
""",
        hint="The network stops at `nn.Linear(784, 512)` as the",
    ),
    Answer(
        "02.2",
        "wrong",
        "Sigmoid instead of ReLU as the activation",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 512), nn.Sigmoid(),
    nn.Linear(512, 512), nn.Sigmoid(),
    nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 3, the network has `nn.Sigmoid`, where",
    ),
    Answer(
        "02.3",
        "correct",
        "pytorch-examples style: argmax with keepdim, then eq/view_as",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1, keepdim=True)     # 1. the predicted class of every row
    correct = pred.eq(y.view_as(pred)).sum().item()  # 2. how many are right
    return correct / N     # 3. as a share of N
""",
    ),
    Answer(
        "02.3",
        "correct",
        "torch.argmax with positional axis, == comparison",
        """
def get_batch_accuracy(output, y, N):
    pred = torch.argmax(output, 1)
    correct = (pred == y).sum().item()
    return correct / N
""",
    ),
    Answer(
        "02.3",
        "correct",
        "output.max(dim=1).indices, int() instead of .item(), argmax on last ax",
        """
def get_batch_accuracy(output, y, N):
    pred = output.max(dim=-1).indices
    correct = int((pred == y).sum())
    return correct / N
""",
    ),
    Answer(
        "02.3",
        "correct",
        "numpy route with a float() denominator",
        """
import numpy as np

def get_batch_accuracy(output, y, N):
    pred = np.argmax(output.detach().cpu().numpy(), axis=1)
    correct = int(np.sum(pred == y.cpu().numpy()))
    return correct / float(N)
""",
    ),
    Answer(
        "02.3",
        "correct",
        "one-liner style with a docstring and a list comprehension count",
        '''
def get_batch_accuracy(output, y, N):
    """Share of rows whose argmax equals the label, out of N; uses .sum().item() style counting."""
    pred = output.argmax(1).tolist()
    correct = sum(1 for p, t in zip(pred, y.tolist()) if p == t)
    return correct / N
''',
    ),
    Answer(
        "02.3",
        "wrong",
        "argmax along dim=0 (over the batch) instead of the class axis",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=0)
    correct = (pred == y).sum().item()
    return correct / N
""",
        hint="Your `argmax` ran over dim 0, down the",
    ),
    Answer(
        "02.3",
        "wrong",
        "argmax without a dim: the index into the flattened tensor",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax()
    correct = (pred == y).sum().item()
    return correct / N
""",
        hint="Your `argmax` without `dim` looks at the whole",
    ),
    Answer(
        "02.3",
        "wrong",
        "divides by the batch size instead of N",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct / len(y)
""",
        hint="It divided by the batch size (5) instead",
    ),
    Answer(
        "02.3",
        "wrong",
        "integer division // gives 0",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct // N
""",
        hint="It returned 0 for a batch with right",
    ),
    Answer(
        "02.3",
        "wrong",
        "returns a percentage (times 100) instead of a share",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return 100 * correct / N
""",
        hint="It returned a percentage; return the share (between",
    ),
    Answer(
        "02.3",
        "wrong",
        "forgot step 3: returns the count, not divided by N",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum().item()
    return correct
""",
        hint="It returned the number of right answers (3);",
    ),
    Answer(
        "02.3",
        "correct",
        "no .item(): returns a tensor instead of a plain number",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum()
    return correct / N
""",
    ),
    Answer(
        "02.3",
        "wrong",
        "took the highest score values (max(...)[0]) instead of their positions",
        """
def get_batch_accuracy(output, y, N):
    pred = output.max(dim=1)[0]
    correct = (pred == y).sum().item()
    return correct / N
""",
        hint="It compared the highest scores themselves with `y`;",
    ),
    Answer(
        "02.3",
        "wrong",
        "`.sum` without parentheses then .item fails (AttributeError)",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).sum.item()
    return correct / N
""",
        hint="Your `get_batch_accuracy` raised AttributeError: 'builtin_function_or_method' object has no",
    ),
    Answer(
        "02.1",
        "wrong",
        "torch.where with 0 instead of labels in the else branch: A..I all beco",
        """
def kaggle_to_index(labels):
    return torch.where(labels > 9, labels - 1, 0)
""",
        hint="Kaggle label 1 (B) became 0, but it",
    ),
    Answer(
        "02.3",
        "wrong",
        "the batch's own accuracy with .float().mean() instead of dividing the",
        """
def get_batch_accuracy(output, y, N):
    pred = output.argmax(dim=1)
    correct = (pred == y).float().mean().item()
    return correct
""",
        hint="It divided by the batch size (5) instead",
    ),
]

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("02", ANSWERS)
