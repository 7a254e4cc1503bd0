"""The checks of lesson 03 (03_asl_cnn), judged on learners' answers: correct ones in several styles, and
wrong ones each with the phrase its hint must contain. Most answers were written from the task's text
alone, by people who had not read the checks.
"""

from judging import Answer, lesson_tests

ANSWERS = [
    Answer(
        "03.1",
        "correct",
        "the scaffold filled in: 'label', (-1, 1, 28, 28), 255",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "correct",
        "pop by first column name, explicit row count, 255.0",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop(frame.columns[0]).to_numpy())  # 'label' is the first column
    n_rows = len(frame)
    pixels = frame.to_numpy().reshape(n_rows, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255.0
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "correct",
        ".values, torch.from_numpy().float().div(255), reshape with a tuple",
        '''
def read_asl_csv(path):
    """One CSV file -> TensorData of 1x28x28 images in [0, 1] and labels 0-23."""
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").values)
    pixels = frame.values.reshape((-1, 1, 28, 28))
    x = torch.from_numpy(pixels).float().div(255)
    return TensorData(x, torch.tensor(labels))
''',
    ),
    Answer(
        "03.1",
        "correct",
        "reshape on the torch tensor, scaling by multiplication with 1/255",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    x = torch.tensor(frame.to_numpy(), dtype=torch.float32).reshape(-1, 1, 28, 28) * (1 / 255)
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "correct",
        "unsqueeze(1) after reshaping to (-1, 28, 28) (adds the channel axis)",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32).unsqueeze(1) / 255
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "wrong",
        "forgot the channel axis: reshape(-1, 28, 28)",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The images have shape (28, 28): a convolution",
    ),
    Answer(
        "03.1",
        "wrong",
        "channels last (-1, 28, 28, 1)",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 28, 28, 1)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The images have shape (28, 28, 1), channels",
    ),
    Answer(
        "03.1",
        "wrong",
        "divides by 256 instead of 255: max is 0.996",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 256
    return TensorData(x, torch.tensor(labels))
""",
        hint="The pixels are scaled by a little too",
    ),
    Answer(
        "03.1",
        "wrong",
        "forgot to scale (divides by 1)",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 1
    return TensorData(x, torch.tensor(labels))
""",
        hint="The pixel values go up to 250: divide",
    ),
    Answer(
        "03.1",
        "wrong",
        "integer division // 255: almost every pixel becomes 0",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) // 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="Almost every pixel came out as 0: `//`",
    ),
    Answer(
        "03.1",
        "wrong",
        "used frame['label'] instead of pop, so the label column stays among th",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame["label"].to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="Each row still has 785 numbers: take the",
    ),
    Answer(
        "03.1",
        "wrong",
        "reshape(1, -1, 28, 28): one image with N channels instead of N images",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(1, -1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The images come out as 1 of shape",
    ),
    Answer(
        "03.1",
        "wrong",
        "dropped the asl_label_to_index mapping: labels stay Kaggle's 0-24",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = frame.pop("label").to_numpy()
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The labels are still Kaggle's (Y is 24):",
    ),
    Answer(
        "03.1",
        "wrong",
        "typo in the column name 'labels' -> KeyError",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("labels").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="Your `read_asl_csv` raised KeyError: 'labels'",
    ),
    Answer(
        "03.1",
        "wrong",
        "images and labels swapped in TensorData",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(torch.tensor(labels), x)
""",
        hint="The images and the labels are the wrong",
    ),
    Answer(
        "03.2",
        "correct",
        "flat Sequential exactly as described",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
    ),
    Answer(
        "03.2",
        "correct",
        "positional args, padding='same', MaxPool2d(2), 675 written as a number",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1
    nn.Conv2d(1, 25, 3, padding="same"),
    nn.BatchNorm2d(25),
    nn.ReLU(),
    nn.MaxPool2d(2),
    # block 2
    nn.Conv2d(25, 50, 3, padding="same"),
    nn.BatchNorm2d(50),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.MaxPool2d(2),
    # block 3
    nn.Conv2d(50, 75, 3, padding="same"),
    nn.BatchNorm2d(75),
    nn.ReLU(),
    nn.MaxPool2d(2),
    # dense part
    nn.Flatten(),
    nn.Linear(675, 512),
    nn.Dropout(p=0.3),
    nn.ReLU(),
    nn.Linear(512, n_classes),
)
""",
    ),
    Answer(
        "03.2",
        "correct",
        "nested Sequentials, one per block",
        """
n_classes = len(ASL_LETTERS)
block1 = nn.Sequential(nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(),
                       nn.MaxPool2d(2, stride=2))
block2 = nn.Sequential(nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(),
                       nn.Dropout(0.2), nn.MaxPool2d(2, stride=2))
block3 = nn.Sequential(nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(),
                       nn.MaxPool2d(2, stride=2))
head = nn.Sequential(nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes))
model = nn.Sequential(block1, block2, block3, head)
""",
    ),
    Answer(
        "03.2",
        "correct",
        "helper function building a block, unpacked with *, moved to device",
        """
n_classes = len(ASL_LETTERS)

def block(c_in, c_out, p=None):
    layers = [nn.Conv2d(c_in, c_out, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(c_out), nn.ReLU()]
    if p:
        layers.append(nn.Dropout(p))
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return layers

model = nn.Sequential(
    *block(1, 25),
    *block(25, 50, 0.2),
    *block(50, 75),
    nn.Flatten(),
    nn.Linear(75 * 3 * 3, 512),
    nn.Dropout(0.3),
    nn.ReLU(),
    nn.Linear(512, n_classes),
).to(device)
""",
    ),
    Answer(
        "03.2",
        "correct",
        "OrderedDict with layer names",
        """
from collections import OrderedDict
n_classes = len(ASL_LETTERS)
model = nn.Sequential(OrderedDict([
    ("conv1", nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1)), ("bn1", nn.BatchNorm2d(25)),
    ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2, stride=2)),
    ("conv2", nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1)), ("bn2", nn.BatchNorm2d(50)),
    ("relu2", nn.ReLU()), ("drop2", nn.Dropout(0.2)), ("pool2", nn.MaxPool2d(2, stride=2)),
    ("conv3", nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1)), ("bn3", nn.BatchNorm2d(75)),
    ("relu3", nn.ReLU()), ("pool3", nn.MaxPool2d(2, stride=2)),
    ("flatten", nn.Flatten()), ("fc1", nn.Linear(675, 512)), ("drop_fc", nn.Dropout(0.3)),
    ("relu_fc", nn.ReLU()), ("out", nn.Linear(512, n_classes)),
]))
""",
    ),
    Answer(
        "03.2",
        "wrong",
        "dropout 0.2 put into block 3 instead of block 2",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="Your `nn.Dropout(0.2)` comes right after `nn.ReLU()` that follows",
    ),
    Answer(
        "03.2",
        "wrong",
        "dropout after the pooling in block 2 instead of between ReLU and pooli",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.MaxPool2d(2, stride=2), nn.Dropout(0.2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="Your `nn.Dropout(0.2)` comes right after `nn.MaxPool2d(2)` that follows",
    ),
    Answer(
        "03.2",
        "wrong",
        "forgot BatchNorm in block 3",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="At position 14, the CNN has `nn.Linear(675, 512)`,",
    ),
    Answer(
        "03.2",
        "wrong",
        "padding=0 in all convolutions: sizes shrink and Linear(675) no longer",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=0), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=0), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=0), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 1 * 1, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="At position 1, the CNN has `nn.Conv2d(1, 25,",
    ),
    Answer(
        "03.2",
        "wrong",
        "Linear(75 * 7 * 7, 512): wrong flattened size (counted only two poolin",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 7 * 7, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="At position 15, the CNN has `nn.Linear(3675, 512)`,",
    ),
    Answer(
        "03.2",
        "wrong",
        "dropout values swapped: 0.3 in block 2 and 0.2 in the dense part",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.3), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.2), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="The dropout differs from the task's: the CNN",
    ),
    Answer(
        "03.2",
        "wrong",
        "BatchNorm1d instead of BatchNorm2d in block 1 (raises on 4-D input)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm1d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="The CNN stops at `nn.BatchNorm1d()` after `nn.Conv2d(1, 25,",
    ),
    Answer(
        "03.2",
        "wrong",
        "last layer has 10 outputs (copied from MNIST)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, 10),
)
""",
        hint="At position 18, the CNN has `nn.Linear(512, 10)`,",
    ),
    Answer(
        "03.2",
        "wrong",
        "softmax at the end before CrossEntropyLoss",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
    nn.Softmax(dim=1),
)
""",
        hint="The CNN ends with a softmax. Leave it",
    ),
    Answer(
        "03.2",
        "wrong",
        "forgot the ReLU in the dense part",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.Linear(512, n_classes),
)
""",
        hint="At position 15 (not counting dropout), the CNN",
    ),
    Answer(
        "03.2",
        "wrong",
        "kernel_size=5 with padding=1: each conv shrinks the image",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, kernel_size=5, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(25, 50, kernel_size=5, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    nn.Conv2d(50, 75, kernel_size=5, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
)
""",
        hint="At position 1, the CNN has `nn.Conv2d(1, 25,",
    ),
    Answer(
        "03.3",
        "correct",
        "shuffle=True for training, False for validation",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=False)
""",
    ),
    Answer(
        "03.3",
        "correct",
        "validation loader left at the default (no shuffle argument), as in les",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000)  # default: data order
""",
    ),
    Answer(
        "03.3",
        "correct",
        "named variables for the choices, with a print",
        """
SHUFFLE_TRAIN = True    # new random order every epoch
SHUFFLE_VALID = False   # only looking, order does not matter
train_loader = TensorLoader(train_data, batch_size=32, shuffle=SHUFFLE_TRAIN, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=SHUFFLE_VALID)
print(len(train_loader), len(valid_loader))
""",
    ),
    Answer(
        "03.3",
        "correct",
        "keyword arguments in a different order, batch size from a variable",
        """
batch_size = 32
valid_loader = TensorLoader(valid_data, shuffle=False, batch_size=1000)
train_loader = TensorLoader(train_data, shuffle=True, seed=42, batch_size=batch_size)
""",
    ),
    Answer(
        "03.3",
        "correct",
        "positional batch size and shuffle (TensorLoader(data, batch_size, shuf",
        """
train_loader = TensorLoader(train_data, 32, True, seed=42)
valid_loader = TensorLoader(valid_data, 1000, False)
""",
    ),
    Answer(
        "03.3",
        "wrong",
        "swapped: validation shuffled, training not",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=True)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "03.3",
        "wrong",
        "both shuffled",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=True)
""",
        hint="The validation loader shuffles too: that changes nothing",
    ),
    Answer(
        "03.3",
        "wrong",
        "neither shuffled",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=False)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "03.3",
        "wrong",
        "strings 'True'/'False' instead of booleans: the string 'False' is trut",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle="True", seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle="False")
""",
        hint="Your `valid_loader` has shuffle='False', with quotes: that is",
    ),
    Answer(
        "03.3",
        "wrong",
        "shuffle='False' string only on the validation loader",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle="False")
""",
        hint="Your `valid_loader` has shuffle='False', with quotes: that is",
    ),
    Answer(
        "03.3",
        "wrong",
        "copy-paste: the validation loader is built from train_data",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(train_data, batch_size=1000, shuffle=False)
""",
        hint="Your `valid_loader` reads the training data, so validation",
    ),
    Answer(
        "03.3",
        "wrong",
        "datasets swapped between the loaders",
        """
train_loader = TensorLoader(valid_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(train_data, batch_size=1000, shuffle=False)
""",
        hint="The two loaders have swapped their data: `train_loader`",
    ),
    Answer(
        "03.3",
        "wrong",
        "shuffle=None for training (thought None means 'random')",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=None, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=False)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "03.3",
        "todo",
        "left the ... in the validation loader (only did the first line)",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=...)
""",
    ),
    Answer(
        "03.1",
        "correct",
        "the scaffold filled in: 'label', -1, 1, 28, 28, 255",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "correct",
        "pop by the first column's name, explicit row count, 255.0, a shape ass",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop(frame.columns[0]).to_numpy())
    pixels = frame.to_numpy().reshape(len(frame), 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255.0
    assert x.shape[1:] == (1, 28, 28)
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "correct",
        "rewritten with torch.from_numpy, .float() and .div(255), values then r",
        '''
def read_asl_csv(path):
    """CSV -> TensorData: pop the label column, reshape to N x 1 x 28 x 28, scale by 1/255."""
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").values)
    x = torch.from_numpy(frame.values).float().div(255).view(-1, 1, 28, 28)
    return TensorData(x, torch.tensor(labels))
''',
    ),
    Answer(
        "03.1",
        "correct",
        "reshape to N x 28 x 28 then add the channel axis with [:, None]",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    y = frame.pop("label")
    labels = asl_label_to_index(y.to_numpy())
    pixels = frame.to_numpy().reshape(-1, 28, 28)[:, None, :, :]   # add channel axis
    x = torch.tensor(pixels, dtype=torch.float32) * (1 / 255)
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "correct",
        "keyword label name in a variable, numpy astype and scaling in numpy be",
        """
import numpy as np

LABEL_COLUMN = "label"

def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop(LABEL_COLUMN).to_numpy())
    pixels = frame.to_numpy().astype(np.float32).reshape(-1, 1, 28, 28) / 255
    x = torch.tensor(pixels, dtype=torch.float32)
    return TensorData(x, torch.tensor(labels))
""",
    ),
    Answer(
        "03.1",
        "wrong",
        "channels-last reshape (-1, 28, 28, 1)",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 28, 28, 1)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The images have shape (28, 28, 1), channels",
    ),
    Answer(
        "03.1",
        "wrong",
        "no channel axis: reshape(-1, 28, 28)",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The images have shape (28, 28): a convolution",
    ),
    Answer(
        "03.1",
        "wrong",
        "divides by 256 instead of 255, so white is not 1",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 256
    return TensorData(x, torch.tensor(labels))
""",
        hint="The pixels are scaled by a little too",
    ),
    Answer(
        "03.1",
        "wrong",
        "integer division // 255 on the float tensor floors every pixel to 0 (o",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) // 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="Almost every pixel came out as 0: `//`",
    ),
    Answer(
        "03.1",
        "wrong",
        "read the label with frame['label'] instead of pop, so the label column",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame["label"].to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="Each row still has 785 numbers: take the",
    ),
    Answer(
        "03.1",
        "wrong",
        "forgot to scale (divides by 1): pixels stay 0-255",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 1
    return TensorData(x, torch.tensor(labels))
""",
        hint="The pixel values go up to 250: divide",
    ),
    Answer(
        "03.1",
        "wrong",
        "batch axis in the wrong place: reshape(1, -1, 28, 28) gives one image",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(1, -1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The images come out as 1 of shape",
    ),
    Answer(
        "03.1",
        "wrong",
        "skipped asl_label_to_index, so labels stay Kaggle's 0-24 with a gap",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = frame.pop("label").to_numpy()
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="The labels are still Kaggle's (Y is 24):",
    ),
    Answer(
        "03.1",
        "wrong",
        "scales by the file's own maximum instead of 255, so the scale depends",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / pixels.max()
    return TensorData(x, torch.tensor(labels))
""",
        hint="The pixels were divided by the brightest pixel",
    ),
    Answer(
        "03.1",
        "wrong",
        "typo in the column name ('labels'), KeyError when called",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("labels").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels, dtype=torch.float32) / 255
    return TensorData(x, torch.tensor(labels))
""",
        hint="Your `read_asl_csv` raised KeyError: 'labels'",
    ),
    Answer(
        "03.2",
        "correct",
        "the layers written out exactly as given, one block per line",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
    ),
    Answer(
        "03.2",
        "correct",
        "padding='same', positional kernel size, MaxPool2d(2) with default stri",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    nn.Conv2d(1, 25, 3, padding="same"),
    nn.BatchNorm2d(25),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(25, 50, 3, padding="same"),
    nn.BatchNorm2d(50),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.MaxPool2d(2),
    nn.Conv2d(50, 75, 3, padding="same"),
    nn.BatchNorm2d(75),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(675, 512),
    nn.Dropout(p=0.3),
    nn.ReLU(),
    nn.Linear(512, 24),
).to(device)
""",
    ),
    Answer(
        "03.2",
        "correct",
        "a helper function returning the layers of one block, unpacked with *",
        """
n_classes = len(ASL_LETTERS)

def conv_block(c_in, c_out, p=None):
    layers = [nn.Conv2d(c_in, c_out, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(c_out), nn.ReLU()]
    if p:
        layers.append(nn.Dropout(p))
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return layers

model = nn.Sequential(
    *conv_block(1, 25),
    *conv_block(25, 50, p=0.2),
    *conv_block(50, 75),
    nn.Flatten(),
    nn.Linear(75 * 3 * 3, 512),
    nn.Dropout(0.3),
    nn.ReLU(),
    nn.Linear(512, n_classes),
).to(device)
""",
    ),
    Answer(
        "03.2",
        "correct",
        "nested nn.Sequential blocks, inplace ReLUs, shape check with an assert",
        """
n_classes = len(ASL_LETTERS)
block1 = nn.Sequential(nn.Conv2d(1, 25, 3, 1, 1), nn.BatchNorm2d(25), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2))
block2 = nn.Sequential(nn.Conv2d(25, 50, 3, 1, 1), nn.BatchNorm2d(50), nn.ReLU(inplace=True), nn.Dropout(0.2), nn.MaxPool2d(2, 2))
block3 = nn.Sequential(nn.Conv2d(50, 75, 3, 1, 1), nn.BatchNorm2d(75), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2))
head = nn.Sequential(nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(inplace=True), nn.Linear(512, n_classes))
model = nn.Sequential(block1, block2, block3, head).to(device)
with torch.no_grad():
    model.eval()
    assert model(torch.zeros(2, 1, 28, 28, device=device)).shape == (2, n_classes)
    model.train()
""",
    ),
    Answer(
        "03.2",
        "correct",
        "OrderedDict with named layers and keyword arguments everywhere",
        """
from collections import OrderedDict

n_classes = len(ASL_LETTERS)
model = nn.Sequential(OrderedDict([
    ("conv1", nn.Conv2d(in_channels=1, out_channels=25, kernel_size=3, stride=1, padding=1)),
    ("bn1", nn.BatchNorm2d(num_features=25)),
    ("relu1", nn.ReLU()),
    ("pool1", nn.MaxPool2d(kernel_size=2, stride=2)),
    ("conv2", nn.Conv2d(in_channels=25, out_channels=50, kernel_size=3, stride=1, padding=1)),
    ("bn2", nn.BatchNorm2d(num_features=50)),
    ("relu2", nn.ReLU()),
    ("drop2", nn.Dropout(p=0.2)),
    ("pool2", nn.MaxPool2d(kernel_size=2, stride=2)),
    ("conv3", nn.Conv2d(in_channels=50, out_channels=75, kernel_size=3, stride=1, padding=1)),
    ("bn3", nn.BatchNorm2d(num_features=75)),
    ("relu3", nn.ReLU()),
    ("pool3", nn.MaxPool2d(kernel_size=2, stride=2)),
    ("flatten", nn.Flatten()),
    ("fc1", nn.Linear(in_features=675, out_features=512)),
    ("drop_fc", nn.Dropout(p=0.3)),
    ("relu_fc", nn.ReLU()),
    ("fc2", nn.Linear(in_features=512, out_features=n_classes)),
])).to(device)
""",
    ),
    Answer(
        "03.2",
        "wrong",
        "flattened size computed for 7 x 7 (forgot the third pooling): Linear(7",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 7 * 7, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 15, the CNN has `nn.Linear(3675, 512)`,",
    ),
    Answer(
        "03.2",
        "wrong",
        "left the MaxPool out of block 3, so the image is still 7 x 7 at the Fl",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="Each image reaches `nn.Flatten()` as 75 x 7",
    ),
    Answer(
        "03.2",
        "wrong",
        "copy-paste slip: BatchNorm2d(25) left in block 2 (50 channels)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 6, the CNN has `nn.BatchNorm2d(25)`, where",
    ),
    Answer(
        "03.2",
        "wrong",
        "the two dropout rates swapped (0.3 in block 2, 0.2 in the dense part)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.3), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.2), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="The dropout differs from the task's: the CNN",
    ),
    Answer(
        "03.2",
        "wrong",
        "ReLU before BatchNorm in every block (order swapped)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.ReLU(), nn.BatchNorm2d(25), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.ReLU(), nn.BatchNorm2d(50), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.ReLU(), nn.BatchNorm2d(75), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 2 (not counting dropout), the CNN",
    ),
    Answer(
        "03.2",
        "wrong",
        "padding=0 everywhere, so the sizes shrink and 675 no longer fits",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=0), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=0), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=0), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 1, the CNN has `nn.Conv2d(1, 25,",
    ),
    Answer(
        "03.2",
        "wrong",
        "dropout put in block 3 instead of block 2",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="Your `nn.Dropout(0.2)` comes right after `nn.ReLU()` that follows",
    ),
    Answer(
        "03.2",
        "wrong",
        "BatchNorm1d instead of BatchNorm2d in the first block",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm1d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="The CNN stops at `nn.BatchNorm1d()` after `nn.Conv2d(1, 25,",
    ),
    Answer(
        "03.2",
        "wrong",
        "forgot the ReLU in the dense part (Linear, Dropout, Linear)",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 15 (not counting dropout), the CNN",
    ),
    Answer(
        "03.2",
        "wrong",
        "kernel_size=5 with padding=2 in block 1 (size kept, but not the 3x3 fi",
        """
n_classes = len(ASL_LETTERS)
model = nn.Sequential(
    # block 1: 1 -> 25 channels, 28 x 28 -> 14 x 14
    nn.Conv2d(1, 25, kernel_size=5, stride=1, padding=2), nn.BatchNorm2d(25), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # block 2: 25 -> 50 channels, dropout 0.2, 14 x 14 -> 7 x 7
    nn.Conv2d(25, 50, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(50), nn.ReLU(), nn.Dropout(0.2), nn.MaxPool2d(2, stride=2),
    # block 3: 50 -> 75 channels, 7 x 7 -> 3 x 3
    nn.Conv2d(50, 75, kernel_size=3, stride=1, padding=1), nn.BatchNorm2d(75), nn.ReLU(), nn.MaxPool2d(2, stride=2),
    # dense part: flatten, 675 -> 512, dropout 0.3, ReLU, 512 -> 24
    nn.Flatten(), nn.Linear(75 * 3 * 3, 512), nn.Dropout(0.3), nn.ReLU(), nn.Linear(512, n_classes),
).to(device)
""",
        hint="At position 1, the CNN has `nn.Conv2d(1, 25,",
    ),
    Answer(
        "03.3",
        "correct",
        "the scaffold filled in: True for training, False for validation",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=False)
""",
    ),
    Answer(
        "03.3",
        "correct",
        "validation loader left at its default (no shuffle), with a comment",
        """
# shuffle only what we learn from; validation order doesn't matter and defaults to not shuffling
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000)
""",
    ),
    Answer(
        "03.3",
        "correct",
        "named flags as variables, keyword order changed, a print",
        """
SHUFFLE_TRAIN, SHUFFLE_VALID = True, False
train_loader = TensorLoader(train_data, shuffle=SHUFFLE_TRAIN, seed=42, batch_size=32)
valid_loader = TensorLoader(valid_data, shuffle=SHUFFLE_VALID, batch_size=1000)
print(len(train_loader), "training batches,", len(valid_loader), "validation batches")
""",
    ),
    Answer(
        "03.3",
        "correct",
        "batch_size positional, not-not style booleans",
        """
train_loader = TensorLoader(train_data, 32, shuffle=not False, seed=42)
valid_loader = TensorLoader(valid_data, 1000, shuffle=not True)
""",
    ),
    Answer(
        "03.3",
        "wrong",
        "swapped: validation shuffled, training in fixed order",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=True)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "03.3",
        "wrong",
        "nothing shuffled",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=False)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "03.3",
        "wrong",
        "both shuffled 'to be safe'",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=True)
""",
        hint="The validation loader shuffles too: that changes nothing",
    ),
    Answer(
        "03.3",
        "wrong",
        "the string 'False' is truthy, so validation is shuffled",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle="True", seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle="False")
""",
        hint="Your `valid_loader` has shuffle='False', with quotes: that is",
    ),
    Answer(
        "03.3",
        "wrong",
        "copy-paste slip: both loaders read train_data",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(train_data, batch_size=1000, shuffle=False)
""",
        hint="Your `valid_loader` reads the training data, so validation",
    ),
    Answer(
        "03.3",
        "todo",
        "partial answer: the validation loader's ... left in place",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=...)
""",
    ),
    Answer(
        "03.3",
        "wrong",
        "copy-paste slip: training batch size 1000 (copied from the validation",
        """
train_loader = TensorLoader(train_data, batch_size=1000, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=1000, shuffle=False)
""",
        hint="The shuffling is right, but the training loader's",
    ),
    Answer(
        "03.1",
        "wrong",
        "scaled in numpy and dropped the dtype, so the images are float64",
        """
def read_asl_csv(path):
    frame = pd.read_csv(path)
    labels = asl_label_to_index(frame.pop("label").to_numpy())
    pixels = frame.to_numpy().reshape(-1, 1, 28, 28)
    x = torch.tensor(pixels / 255)
    return TensorData(x, torch.tensor(labels))
""",
        hint="The images are float64, but the network's weights",
    ),
]

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("03", ANSWERS)
