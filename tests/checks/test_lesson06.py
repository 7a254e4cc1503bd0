"""The checks of lesson 06 (06_capstone_real_hands), judged on learners' answers: correct ones in several styles, and
wrong ones each with the phrase its hint must contain. Most answers were written from the task's text
alone, by people who had not read the checks.
"""

from judging import Answer, lesson_tests

ANSWERS = [
    Answer(
        "06.1",
        "correct",
        "load_backbone(BACKBONE, device) as in lesson 05",
        """
base, weights, source = load_backbone(BACKBONE, device)
""",
    ),
    Answer(
        "06.1",
        "correct",
        "device as keyword, and prints where the weights came from",
        """
base, weights, source = load_backbone(BACKBONE, device=device)
print(source)
""",
    ),
    Answer(
        "06.1",
        "correct",
        "keeps the tuple first, then unpacks",
        """
loaded = load_backbone(BACKBONE, device)
base, weights, source = loaded
base.eval()
print(f"{BACKBONE}: {sum(p.numel() for p in base.parameters()):,} parameters")
""",
    ),
    Answer(
        "06.1",
        "correct",
        "loads on the CPU then moves to device",
        """
base, weights, source = load_backbone(BACKBONE, "cpu")
base = base.to(device)
""",
    ),
    Answer(
        "06.1",
        "correct",
        "unpacks into a tuple on the left with parentheses and a comment naming",
        """
# load_backbone returns (network, weights, where-from)
(base, weights, source) = load_backbone(BACKBONE, device)
""",
    ),
    Answer(
        "06.1",
        "wrong",
        "torchvision's mobilenet_v2() without weights: random numbers",
        """
import torchvision

base = torchvision.models.mobilenet_v2().to(device).eval()
weights = torchvision.models.MobileNet_V2_Weights.DEFAULT
source = "torchvision"
""",
        hint="Your `base` has random weights, not ImageNet's: `torchvision.models.mobilenet_v2()`",
    ),
    Answer(
        "06.1",
        "wrong",
        "hard-codes another backbone instead of BACKBONE",
        """
base, weights, source = load_backbone("squeezenet1_1", device)
""",
        hint="Your `base` is a SqueezeNet network, but `BACKBONE`",
    ),
    Answer(
        "06.1",
        "wrong",
        "names in the wrong order: weights holds the network and base the weigh",
        """
weights, base, source = load_backbone(BACKBONE, device)
""",
        hint="Your `base` and `weights` are the wrong way",
    ),
    Answer(
        "06.1",
        "wrong",
        "the whole tuple put into base, weights and source set to None",
        """
base, weights, source = load_backbone(BACKBONE, device), None, None
""",
        hint="Your `base` is a tuple of 3 values;",
    ),
    Answer(
        "06.1",
        "wrong",
        "base put in training mode after loading: dropout and BatchNorm updates",
        """
base, weights, source = load_backbone(BACKBONE, device)
base.train()
""",
        hint="Your `base` is in training mode; a pretrained",
    ),
    Answer(
        "06.1",
        "wrong",
        "weights overwritten by weights.transforms() (a transform, not the weig",
        """
base, weights, source = load_backbone(BACKBONE, device)
weights = weights.transforms()
""",
        hint="Your `weights` holds `weights.transforms()`, the preprocessing; keep the",
    ),
    Answer(
        "06.1",
        "wrong",
        "torchvision.models.get_model with weights=None: random weights",
        """
import torchvision

base = torchvision.models.get_model(BACKBONE, weights=None).to(device)
weights = torchvision.models.get_model_weights(BACKBONE).DEFAULT
source = "torchvision"
""",
        hint="Your `base` has random weights, not ImageNet's: `torchvision.models.mobilenet_v2()`",
    ),
    Answer(
        "06.1",
        "wrong",
        "strings instead of objects",
        """
base, weights, source = BACKBONE, "IMAGENET1K_V1", "torchvision"
""",
        hint="Your `base` is the text 'mobilenet_v2'; `load_backbone(BACKBONE, device)`",
    ),
    Answer(
        "06.2",
        "correct",
        "hints written in: n_outputs=24, base_outputs=n_features, model.freeze_",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=24, base_outputs=n_features)
    model.freeze_base()
    return model
""",
    ),
    Answer(
        "06.2",
        "correct",
        "len(ASL_LETTERS) and assigning the result of freeze_base (chained as i",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=len(ASL_LETTERS), base_outputs=n_features)
    model = model.freeze_base()
    return model
""",
    ),
    Answer(
        "06.2",
        "correct",
        "positional arguments TransferModel(base, n_outputs, base_outputs) as t",
        """
def letter_model(features, n_features):
    model = TransferModel(features, len(ASL_LETTERS), n_features)
    model.freeze_base()
    return model
""",
    ),
    Answer(
        "06.2",
        "correct",
        "one-liner return with freeze_base() chained",
        '''
def letter_model(features, n_features):
    """TransferModel with a 24-letter head, base frozen via freeze_base()."""
    return TransferModel(features, n_outputs=24, base_outputs=n_features).freeze_base()
''',
    ),
    Answer(
        "06.2",
        "correct",
        "keywords in the other order, a named constant and a print",
        """
N_LETTERS = len(ASL_LETTERS)


def letter_model(features, n_features):
    model = TransferModel(features, base_outputs=n_features, n_outputs=N_LETTERS)
    model.freeze_base()
    print("trainable:", sum(p.numel() for p in model.parameters() if p.requires_grad))
    return model
""",
    ),
    Answer(
        "06.2",
        "wrong",
        "one output as in the door of lesson 05",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=1, base_outputs=n_features)
    model.freeze_base()
    return model
""",
        hint="One output is for a yes/no question like",
    ),
    Answer(
        "06.2",
        "wrong",
        "26 outputs for the whole alphabet",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=26, base_outputs=n_features)
    model.freeze_base()
    return model
""",
        hint="26 outputs: J and Z are moving signs,",
    ),
    Answer(
        "06.2",
        "wrong",
        "base_outputs=1000 (ImageNet's scores) although the features give n_fea",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=24, base_outputs=1000)
    model.freeze_base()
    return model
""",
        hint="The head takes 1000 inputs, but the base",
    ),
    Answer(
        "06.2",
        "wrong",
        "forgot to freeze the base",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=24, base_outputs=n_features)
    return model
""",
        hint="The base can still learn: call `model.freeze_base()`, so",
    ),
    Answer(
        "06.2",
        "wrong",
        "numbers swapped: n_outputs=n_features and base_outputs=24",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=n_features, base_outputs=24)
    model.freeze_base()
    return model
""",
        hint="The head takes 24 inputs, but the base",
    ),
    Answer(
        "06.2",
        "wrong",
        "unfreeze_base() instead of freeze_base()",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=24, base_outputs=n_features)
    model.unfreeze_base()
    return model
""",
        hint="The base can still learn: call `model.freeze_base()`, so",
    ),
    Answer(
        "06.2",
        "wrong",
        "model.freeze_base without () does nothing",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=24, base_outputs=n_features)
    model.freeze_base
    return model
""",
        hint="The base can still learn: call `model.freeze_base()`, so",
    ),
    Answer(
        "06.2",
        "wrong",
        "uses the global base (with its ImageNet last layer) instead of the fea",
        """
def letter_model(features, n_features):
    model = TransferModel(base, n_outputs=24, base_outputs=n_features)
    model.freeze_base()
    return model
""",
        hint="The model is not built on the `base`",
    ),
    Answer(
        "06.2",
        "wrong",
        "forgot the return: returns None",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=24, base_outputs=n_features)
    model.freeze_base()
""",
        hint="Your `letter_model` returned None (nothing); it should return",
    ),
    Answer(
        "06.2",
        "wrong",
        "25 outputs (labels A=0..Y=24 from lesson 02's CSV numbering)",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=25, base_outputs=n_features)
    model.freeze_base()
    return model
""",
        hint="25 outputs; the model needs one score per",
    ),
    Answer(
        "06.2",
        "wrong",
        "freezes by hand with requires_grad_(False) on model.base instead of fr",
        """
def letter_model(features, n_features):
    model = TransferModel(features, n_outputs=24, base_outputs=n_features)
    model.base.requires_grad_(False)
    return model
""",
        hint="The base's weights are frozen by hand, but",
    ),
    Answer(
        "06.3",
        "correct",
        "nn.CrossEntropyLoss()",
        """
loss_fn = nn.CrossEntropyLoss()
""",
    ),
    Answer(
        "06.3",
        "correct",
        "torch.nn. prefix",
        """
loss_fn = torch.nn.CrossEntropyLoss()  # softmax + negative log-likelihood
""",
    ),
    Answer(
        "06.3",
        "correct",
        "imported under another name",
        """
from torch.nn import CrossEntropyLoss as CE

loss_fn = CE()
""",
    ),
    Answer(
        "06.3",
        "correct",
        "reduction='mean' written out",
        """
loss_fn = nn.CrossEntropyLoss(reduction="mean")
""",
    ),
    Answer(
        "06.3",
        "correct",
        "with a little label smoothing (a common, valid choice)",
        """
loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
""",
    ),
    Answer(
        "06.3",
        "wrong",
        "BCEWithLogitsLoss from lesson 05: for yes/no scores, not one-of-24",
        """
loss_fn = nn.BCEWithLogitsLoss()
""",
        hint="Your `nn.BCEWithLogitsLoss` computes a sigmoid on each raw",
    ),
    Answer(
        "06.3",
        "wrong",
        "NLLLoss on raw scores: needs log-softmax first",
        """
loss_fn = nn.NLLLoss()
""",
        hint="Your `nn.NLLLoss` computes the log-probability of the right",
    ),
    Answer(
        "06.3",
        "wrong",
        "MSELoss for class labels",
        """
loss_fn = nn.MSELoss()
""",
        hint="Your `nn.MSELoss` computes the squared distance between numbers,",
    ),
    Answer(
        "06.3",
        "wrong",
        "class without ()",
        """
loss_fn = nn.CrossEntropyLoss
""",
        hint="Your `loss_fn` is the class `nn.CrossEntropyLoss` itself; a",
    ),
    Answer(
        "06.3",
        "wrong",
        "a string with the name",
        """
loss_fn = "CrossEntropyLoss"
""",
        hint="Your `loss_fn` is the text 'CrossEntropyLoss'; write the",
    ),
    Answer(
        "06.3",
        "wrong",
        "reduction='none': a loss per photo, backward needs one number",
        """
loss_fn = nn.CrossEntropyLoss(reduction="none")
""",
        hint="Your `loss_fn` gives one loss per photo (reduction='none'),",
    ),
    Answer(
        "06.3",
        "wrong",
        "BCELoss: yes/no loss on probabilities",
        """
loss_fn = nn.BCELoss()
""",
        hint="Your `nn.BCELoss` computes a yes/no cross-entropy of probabilities,",
    ),
    Answer(
        "06.3",
        "wrong",
        "nn.Softmax(dim=1) instead of a loss",
        """
loss_fn = nn.Softmax(dim=1)
""",
        hint="Your `loss_fn` is the layer `nn.Softmax`, which computes",
    ),
    Answer(
        "06.4",
        "correct",
        "moderate: 15 degrees, crop 80%, mirror yes, upside down no, jitter 0.2",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
    ),
    Answer(
        "06.4",
        "correct",
        "degrees as a float 10.0, crop 0.75, jitter 0.1",
        """
augmentation = dict(
    degrees=10.0,
    scale=(0.75, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.1,
)
""",
    ),
    Answer(
        "06.4",
        "wrong",
        "a dict literal with a tuple (-10, 10) for the degrees",
        """
augmentation = {
    "degrees": (-10, 10),   # torchvision accepts a (min, max) pair
    "scale": (0.8, 1.0),
    "horizontal_flip": True,   # a left hand mirrors a right hand: same letter
    "vertical_flip": False,    # upside down changes letters
    "jitter": 0.2,
}
""",
        hint="Your `degrees` is a tuple of 2 values;",
    ),
    Answer(
        "06.4",
        "correct",
        "20 degrees, crop 70%, jitter 0.3",
        """
augmentation = dict(
    degrees=20,
    scale=(0.7, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.3,
)
""",
    ),
    Answer(
        "06.4",
        "correct",
        "mild: 5 degrees, crop 90%, jitter 0.05, scale as a list",
        """
augmentation = dict(degrees=5, scale=[0.9, 1.0], horizontal_flip=True, vertical_flip=False, jitter=0.05)
""",
    ),
    Answer(
        "06.4",
        "wrong",
        "cautious: no mirroring either (letters kept",
        """
augmentation = dict(
    degrees=12,
    scale=(0.85, 1.0),
    horizontal_flip=False,
    vertical_flip=False,
    jitter=0.15,
)
""",
        hint="A mirrored hand signs the same letter (a",
    ),
    Answer(
        "06.4",
        "wrong",
        "vertical flip on: upside down hands change letters",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=True,
    jitter=0.2,
)
""",
        hint="An upside-down hand is another sign: G and",
    ),
    Answer(
        "06.4",
        "wrong",
        "180-degree rotations: turns letters into others (e.g. K/P, G/Q)",
        """
augmentation = dict(
    degrees=180,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="Rotations of up to 180 degrees: beyond about",
    ),
    Answer(
        "06.4",
        "wrong",
        "90-degree rotations: H and G become other letters",
        """
augmentation = dict(
    degrees=90,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="Rotations of up to 90 degrees: beyond about",
    ),
    Answer(
        "06.4",
        "wrong",
        "crop scale 0.1: a crop can cut off the fingers",
        """
augmentation = dict(
    degrees=15,
    scale=(0.1, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="A crop keeping only 10% of the picture",
    ),
    Answer(
        "06.4",
        "wrong",
        "RandomResizedCrop's default 0.08 copied from the docs: crops that cut",
        """
augmentation = dict(
    degrees=15,
    scale=(0.08, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="A crop keeping only 8% of the picture",
    ),
    Answer(
        "06.4",
        "wrong",
        "jitter 1.0: maximum colour change (hue upside down, black or white pho",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=1.0,
)
""",
        hint="Your `jitter` is 1: changes of colour beyond",
    ),
    Answer(
        "06.4",
        "wrong",
        "vertical_flip='False' as a string: a non-empty string counts as True",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip="False",
    jitter=0.2,
)
""",
        hint="Your `vertical_flip` is 'False', with quotes: that is",
    ),
    Answer(
        "06.4",
        "wrong",
        "negative degrees: torchvision needs a positive number (or a pair)",
        """
augmentation = dict(
    degrees=-15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="Your `degrees` is -15: it is the largest",
    ),
    Answer(
        "06.4",
        "wrong",
        "scale reversed (1.0 smallest, 0.8 largest written the wrong way)",
        """
augmentation = dict(
    degrees=15,
    scale=(1.0, 0.8),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="Your `scale` is (1, 0.8): it is the",
    ),
    Answer(
        "06.4",
        "wrong",
        "jitter 20 as a percentage instead of 0-1",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=20,
)
""",
        hint="Your `jitter` is 20: changes of colour beyond",
    ),
    Answer(
        "06.4",
        "wrong",
        "45 degrees: large enough to confuse letters that differ by direction",
        """
augmentation = dict(
    degrees=45,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="Rotations of up to 45 degrees: beyond about",
    ),
    Answer(
        "06.5",
        "correct",
        "train True, valid False",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=False)
""",
    ),
    Answer(
        "06.5",
        "correct",
        "valid_loader left at its default (no shuffle argument)",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64)  # default: in order
""",
    ),
    Answer(
        "06.5",
        "correct",
        "named constants and keywords in another order",
        """
SHUFFLE_TRAIN, SHUFFLE_VALID = True, False
train_loader = TensorLoader(train_data, shuffle=SHUFFLE_TRAIN, batch_size=32, seed=42)
valid_loader = TensorLoader(valid_data, shuffle=SHUFFLE_VALID, batch_size=64)
""",
    ),
    Answer(
        "06.5",
        "correct",
        "comments and a print of the number of batches",
        """
# training: a new order every epoch; validation: order does not matter
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=False)
print(len(train_loader), "training batches,", len(valid_loader), "validation batches")
""",
    ),
    Answer(
        "06.5",
        "correct",
        "bool(1)/bool(0) as a learner fiddling",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=bool(1), seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=bool(0))
""",
    ),
    Answer(
        "06.5",
        "wrong",
        "both loaders shuffle (validation need not)",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=True)
""",
        hint="The validation loader shuffles too: that changes nothing",
    ),
    Answer(
        "06.5",
        "wrong",
        "neither shuffles: training sees the same order every epoch",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=False)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "06.5",
        "wrong",
        "swapped: shuffles validation, not training",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=True)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "06.5",
        "wrong",
        "shuffle='True' / 'False' as strings: 'False' is truthy",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle="True", seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle="False")
""",
        hint="Your `valid_loader` has shuffle='False', with quotes: that is",
    ),
    Answer(
        "06.5",
        "wrong",
        "valid_loader built on train_data: validates on training photos",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(train_data, batch_size=64, shuffle=False)
""",
        hint="Your `valid_loader` reads the training data, so validation",
    ),
    Answer(
        "06.5",
        "wrong",
        "loaders' data swapped: trains on valid_data",
        """
train_loader = TensorLoader(valid_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(train_data, batch_size=64, shuffle=False)
""",
        hint="The two loaders have swapped their data: `train_loader`",
    ),
    Answer(
        "06.5",
        "wrong",
        "valid_loader = train_loader: the same loader for both",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = train_loader
""",
        hint="Your `valid_loader` reads the training data, so validation",
    ),
    Answer(
        "06.5",
        "wrong",
        "valid shuffle='no' as a string: any non-empty string is truthy, so val",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle="no")
""",
        hint="Your `valid_loader` has shuffle='no', with quotes: that is",
    ),
    Answer(
        "06.6",
        "correct",
        "unfreeze_base(train_batchnorm=True), lr=1e-4",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
    ),
    Answer(
        "06.6",
        "correct",
        "lr written as 0.0002",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)  # BatchNorm learns hand statistics too
    return torch.optim.Adam(model.parameters(), lr=0.0002, fused=True)
""",
    ),
    Answer(
        "06.6",
        "correct",
        "chained reassignment model = model.unfreeze_base(...), lr=3e-5",
        """
def fine_tuning_optimizer(model):
    model = model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), lr=3e-5, fused=True)
""",
    ),
    Answer(
        "06.6",
        "correct",
        "a named learning rate, params= keyword, optimizer in a variable, a pri",
        '''
FINE_TUNE_LR = 1e-4  # ten times below the head's 1e-3


def fine_tuning_optimizer(model):
    """Unfreeze with unfreeze_base(train_batchnorm=True), then Adam over all weights."""
    model.unfreeze_base(train_batchnorm=True)
    opt = torch.optim.Adam(params=model.parameters(), lr=FINE_TUNE_LR, fused=True)
    print("trainable:", sum(p.numel() for p in model.parameters() if p.requires_grad))
    return opt
''',
    ),
    Answer(
        "06.6",
        "correct",
        "lr as a division 1e-3 / 20, positional lr, without fused",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), 1e-3 / 20)
""",
    ),
    Answer(
        "06.6",
        "wrong",
        "forgot to unfreeze: only the head keeps learning",
        """
def fine_tuning_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="The base is still frozen: call `model.unfreeze_base(train_batchnorm=True)` first,",
    ),
    Answer(
        "06.6",
        "wrong",
        "learning rate as large as the head's 1e-3 (not below)",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
""",
        hint="A learning rate of 0.001 is not below",
    ),
    Answer(
        "06.6",
        "wrong",
        "learning rate 0.01, far too large: overwrites what the base knew",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), lr=0.01, fused=True)
""",
        hint="A learning rate of 0.01 is not below",
    ),
    Answer(
        "06.6",
        "wrong",
        "optimizer over the head only: the unfrozen base never changes",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.head.parameters(), lr=1e-4, fused=True)
""",
        hint="The optimizer only holds some of the weights",
    ),
    Answer(
        "06.6",
        "wrong",
        "optimizer over the base only: the head stops learning",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.base.parameters(), lr=1e-4, fused=True)
""",
        hint="The optimizer does not hold the head's weights,",
    ),
    Answer(
        "06.6",
        "wrong",
        "unfreeze_base() without train_batchnorm=True: BatchNorm keeps ImageNet",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base()
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="Every weight learns, but the base's BatchNorm layers",
    ),
    Answer(
        "06.6",
        "wrong",
        "freeze_base() instead of unfreeze_base()",
        """
def fine_tuning_optimizer(model):
    model.freeze_base()
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="The base is still frozen: call `model.unfreeze_base(train_batchnorm=True)` first,",
    ),
    Answer(
        "06.6",
        "wrong",
        "forgot to return the optimizer",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="Your `fine_tuning_optimizer` returned None (nothing); it should return",
    ),
    Answer(
        "06.6",
        "wrong",
        "unfreeze_base without () does nothing",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="The base is still frozen: call `model.unfreeze_base(train_batchnorm=True)` first,",
    ),
    Answer(
        "06.6",
        "wrong",
        "unfreezes by hand (requires_grad=True on every weight) instead of unfr",
        """
def fine_tuning_optimizer(model):
    for p in model.parameters():
        p.requires_grad = True
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="The weights can learn again, but the `TransferModel`",
    ),
    Answer(
        "06.6",
        "wrong",
        "returns the optimizer class, not an optimizer",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam
""",
        hint="Your `fine_tuning_optimizer` returned the class `torch.optim.Adam` itself, not",
    ),
    Answer(
        "06.1",
        "correct",
        "load_backbone(BACKBONE, device) in one line",
        """
base, weights, source = load_backbone(BACKBONE, device)  # load BACKBONE with its ImageNet weights
""",
    ),
    Answer(
        "06.1",
        "correct",
        "device as a keyword and a print of where the weights came from",
        """
base, weights, source = load_backbone(BACKBONE, device=device)
print(source)
""",
    ),
    Answer(
        "06.1",
        "correct",
        "keeps the returned tuple first, unpacks it on a second line, and check",
        """
loaded = load_backbone(BACKBONE, device)
assert len(loaded) == 3
base, weights, source = loaded
print(type(base).__name__, "from", source)
""",
    ),
    Answer(
        "06.1",
        "correct",
        "loads, then explicitly calls base.eval() and counts the parameters",
        """
from utils.networks import count_parameters

base, weights, source = load_backbone(BACKBONE, device)
base.eval()  # already in eval mode, but to be sure
print(f"{BACKBONE}: {count_parameters(base):,} parameters; {source}")
""",
    ),
    Answer(
        "06.1",
        "wrong",
        "builds the torchvision network with no weights: random numbers, not Im",
        """
import torchvision

base = torchvision.models.mobilenet_v2().to(device)
weights = torchvision.models.MobileNet_V2_Weights.DEFAULT
source = "torchvision"
""",
        hint="Your `base` has random weights, not ImageNet's: `torchvision.models.mobilenet_v2()`",
    ),
    Answer(
        "06.1",
        "wrong",
        "get_model with weights=None: the right weights object, but a randomly",
        """
import torchvision

weights = torchvision.models.get_model_weights(BACKBONE).DEFAULT
base = torchvision.models.get_model(BACKBONE, weights=None).to(device)
source = "torchvision (no download)"
""",
        hint="Your `base` has random weights, not ImageNet's: `torchvision.models.mobilenet_v2()`",
    ),
    Answer(
        "06.1",
        "wrong",
        "hard-codes another backbone's name ('squeezenet1_1', from the comment",
        """
base, weights, source = load_backbone("squeezenet1_1", device)  # the small one
""",
        hint="Your `base` is a SqueezeNet network, but `BACKBONE`",
    ),
    Answer(
        "06.1",
        "wrong",
        "unpacks the three results in the wrong order",
        """
weights, base, source = load_backbone(BACKBONE, device)
""",
        hint="Your `base` and `weights` are the wrong way",
    ),
    Answer(
        "06.1",
        "wrong",
        "assigns the whole returned tuple to base",
        """
base = load_backbone(BACKBONE, device)
weights, source = None, None
""",
        hint="Your `base` is a tuple of 3 values;",
    ),
    Answer(
        "06.1",
        "wrong",
        "puts the loaded network into training mode (thinking it is about to be",
        """
base, weights, source = load_backbone(BACKBONE, device)
base.train()  # we are going to train it
""",
        hint="Your `base` is in training mode; a pretrained",
    ),
    Answer(
        "06.1",
        "wrong",
        "strings instead of the loaded objects",
        """
base, weights, source = BACKBONE, "IMAGENET1K_V1", "torchvision"
""",
        hint="Your `base` is the text 'mobilenet_v2'; `load_backbone(BACKBONE, device)`",
    ),
    Answer(
        "06.1",
        "wrong",
        "builds the torchvision network with 24 outputs from random numbers (nu",
        """
import torchvision

base = torchvision.models.mobilenet_v2(num_classes=24).to(device)
weights = torchvision.models.MobileNet_V2_Weights.IMAGENET1K_V1
source = "built here"
""",
        hint="Your `base` has random weights, not ImageNet's: `torchvision.models.mobilenet_v2()`",
    ),
    Answer(
        "06.2",
        "correct",
        "keywords with len(ASL_LETTERS) and freeze_base() on its own line",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=len(ASL_LETTERS), base_outputs=n_features)  # how many numbers in, how many out?
    model.freeze_base()                                               # freeze the base
    return model
""",
    ),
    Answer(
        "06.2",
        "correct",
        "positional arguments (base, 24, n_features) and freeze_base() chained",
        """
def letter_model(base, n_features):
    return TransferModel(base, 24, n_features).freeze_base()
""",
    ),
    Answer(
        "06.2",
        "correct",
        "a variable for the number of letters, the model moved to the base's de",
        """
def letter_model(base, n_features):
    n_letters = len(ASL_LETTERS)  # 24: no J and no Z
    model = TransferModel(base, n_outputs=n_letters, base_outputs=n_features)
    model = model.to(next(base.parameters()).device)
    model.freeze_base()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"{trainable:,} trainable parameters (the head)")
    return model
""",
    ),
    Answer(
        "06.2",
        "correct",
        "keyword arguments in the other order, a docstring naming freeze_base",
        '''
def letter_model(base, n_features):
    """TransferModel(base -> n_features -> 24 letters), with freeze_base() so only the head learns."""
    model = TransferModel(base, base_outputs=n_features, n_outputs=len(ASL_LETTERS))
    model.freeze_base()
    assert not any(p.requires_grad for p in model.base.parameters())
    return model
''',
    ),
    Answer(
        "06.2",
        "wrong",
        "26 outputs, one per letter of the alphabet, though the model knows 24",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=26, base_outputs=n_features)
    model.freeze_base()
    return model
""",
        hint="26 outputs: J and Z are moving signs,",
    ),
    Answer(
        "06.2",
        "wrong",
        "one output as in lesson 05's door",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=1, base_outputs=n_features)
    model.freeze_base()
    return model
""",
        hint="One output is for a yes/no question like",
    ),
    Answer(
        "06.2",
        "wrong",
        "forgets to freeze the base",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=len(ASL_LETTERS), base_outputs=n_features)
    return model
""",
        hint="The base can still learn: call `model.freeze_base()`, so",
    ),
    Answer(
        "06.2",
        "wrong",
        "in and out swapped: n_outputs=n_features, base_outputs=24",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=n_features, base_outputs=len(ASL_LETTERS))
    model.freeze_base()
    return model
""",
        hint="The head takes 24 inputs, but the base",
    ),
    Answer(
        "06.2",
        "wrong",
        "base_outputs=1000: the ImageNet scores of lesson 05, but the classifie",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=len(ASL_LETTERS), base_outputs=1000)
    model.freeze_base()
    return model
""",
        hint="The head takes 1000 inputs, but the base",
    ),
    Answer(
        "06.2",
        "wrong",
        "model.freeze_base without parentheses: the method is never called",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=len(ASL_LETTERS), base_outputs=n_features)
    model.freeze_base
    return model
""",
        hint="The base can still learn: call `model.freeze_base()`, so",
    ),
    Answer(
        "06.2",
        "wrong",
        "calls unfreeze_base() instead of freeze_base()",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=len(ASL_LETTERS), base_outputs=n_features)
    model.unfreeze_base()
    return model
""",
        hint="The base can still learn: call `model.freeze_base()`, so",
    ),
    Answer(
        "06.2",
        "wrong",
        "freezes the whole model (head included) with requires_grad_(False), so",
        """
def letter_model(base, n_features):
    model = TransferModel(base, n_outputs=len(ASL_LETTERS), base_outputs=n_features)
    model.requires_grad_(False)  # freeze
    return model
""",
        hint="Nothing can learn: the head is frozen too.",
    ),
    Answer(
        "06.3",
        "correct",
        "nn.CrossEntropyLoss()",
        """
loss_fn = nn.CrossEntropyLoss()  # your choice
""",
    ),
    Answer(
        "06.3",
        "correct",
        "the functional F.cross_entropy itself as the loss",
        """
import torch.nn.functional as F

loss_fn = F.cross_entropy  # scores (N x 24) and labels (N) -> one number
""",
    ),
    Answer(
        "06.3",
        "correct",
        "log_softmax then NLLLoss in a def (what CrossEntropyLoss does)",
        '''
_nll = nn.NLLLoss()


def loss_fn(scores, labels):
    """CrossEntropyLoss written out: log_softmax over the 24 scores, then NLLLoss."""
    return _nll(torch.log_softmax(scores, dim=1), labels)
''',
    ),
    Answer(
        "06.3",
        "correct",
        "torch.nn.CrossEntropyLoss with reduction='mean' spelled out, printed",
        """
loss_fn = torch.nn.CrossEntropyLoss(reduction="mean")
print("loss:", loss_fn)
""",
    ),
    Answer(
        "06.3",
        "wrong",
        "the class without ()",
        """
loss_fn = nn.CrossEntropyLoss
""",
        hint="Your `loss_fn` is the class `nn.CrossEntropyLoss` itself; a",
    ),
    Answer(
        "06.3",
        "wrong",
        "BCEWithLogitsLoss from lesson 05: for yes/no scores, not one of 24 let",
        """
loss_fn = nn.BCEWithLogitsLoss()
""",
        hint="Your `nn.BCEWithLogitsLoss` computes a sigmoid on each raw",
    ),
    Answer(
        "06.3",
        "wrong",
        "NLLLoss on raw scores: it needs log-probabilities (a log_softmax first",
        """
loss_fn = nn.NLLLoss()
""",
        hint="Your `nn.NLLLoss` computes the log-probability of the right",
    ),
    Answer(
        "06.3",
        "wrong",
        "MSELoss",
        """
loss_fn = nn.MSELoss()
""",
        hint="Your `nn.MSELoss` computes the squared distance between numbers,",
    ),
    Answer(
        "06.3",
        "wrong",
        "softmax before cross_entropy: the softmax is applied twice and the gra",
        """
import torch.nn.functional as F


def loss_fn(scores, labels):
    probs = torch.softmax(scores, dim=1)
    return F.cross_entropy(probs, labels)
""",
        hint="It applies a softmax to the scores before",
    ),
    Answer(
        "06.3",
        "wrong",
        "log_softmax over dim 0 (the batch) instead of the 24 scores, then NLLL",
        """
def loss_fn(scores, labels):
    return nn.functional.nll_loss(torch.log_softmax(scores, dim=0), labels)
""",
        hint="The loss `loss_fn` computes something else. One right",
    ),
    Answer(
        "06.3",
        "wrong",
        "the loss's name as a string",
        """
loss_fn = "CrossEntropyLoss"
""",
        hint="Your `loss_fn` is the text 'CrossEntropyLoss'; write the",
    ),
    Answer(
        "06.3",
        "wrong",
        "BCELoss, for probabilities of one yes/no answer",
        """
loss_fn = nn.BCELoss()
""",
        hint="Your `nn.BCELoss` computes a yes/no cross-entropy of probabilities,",
    ),
    Answer(
        "06.4",
        "correct",
        "moderate values as lesson 05: 15 degrees, crops of 80-100%, mirror yes",
        """
augmentation = dict(
    degrees=15,           # largest rotation, in degrees
    scale=(0.8, 1.0),     # share of the picture a random crop keeps: smallest, largest
    horizontal_flip=True,  # True or False: mirror left to right?
    vertical_flip=False,   # True or False: turn upside down?
    jitter=0.2,           # brightness, contrast, saturation and hue changes, 0 to 1
)
""",
    ),
    Answer(
        "06.4",
        "correct",
        "a dict literal with small changes: 10 degrees, 0.9, jitter 0.1, floats",
        """
augmentation = {
    "degrees": 10.0,
    "scale": (0.9, 1.0),
    "horizontal_flip": True,   # a left hand signs the same letter
    "vertical_flip": False,    # upside down changes letters like P/Q, G/H
    "jitter": 0.1,
}
""",
    ),
    Answer(
        "06.4",
        "correct",
        "lesson 05's settings: 25 degrees, 0.8, jitter 0.3, with comments on wh",
        """
# same spirit as lesson 05's Bo door
augmentation = dict(
    degrees=25,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.3,
)
""",
    ),
    Answer(
        "06.4",
        "correct",
        "named variables first, crop scale 0.75, 5 degrees as in lesson 04a",
        """
max_rotation = 5
min_crop = 0.75
augmentation = dict(degrees=max_rotation, scale=(min_crop, 1.0), horizontal_flip=True, vertical_flip=False,
                    jitter=0.25)
print(augmentation)
""",
    ),
    Answer(
        "06.4",
        "correct",
        "12 degrees, 0.85, jitter 0.15",
        """
augmentation = dict(
    degrees=12,
    scale=[0.85, 1.0],
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.15,
)
""",
    ),
    Answer(
        "06.4",
        "wrong",
        "turns the pictures upside down too (vertical_flip=True): that changes",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=True,
    jitter=0.2,
)
""",
        hint="An upside-down hand is another sign: G and",
    ),
    Answer(
        "06.4",
        "wrong",
        "rotations of up to 90 degrees: a hand turned that far can read as anot",
        """
augmentation = dict(
    degrees=90,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="Rotations of up to 90 degrees: beyond about",
    ),
    Answer(
        "06.4",
        "wrong",
        "crops as small as 20% of the picture: fingers that tell letters apart",
        """
augmentation = dict(
    degrees=15,
    scale=(0.2, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="A crop keeping only 20% of the picture",
    ),
    Answer(
        "06.4",
        "wrong",
        "strings 'True'/'False' instead of booleans (and 'False' is truthy)",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip="True",
    vertical_flip="False",
    jitter=0.2,
)
""",
        hint="Your `horizontal_flip` is 'True', with quotes: that is",
    ),
    Answer(
        "06.4",
        "wrong",
        "no left-right mirror: a left hand signs the same letter, so mirroring",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=False,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="A mirrored hand signs the same letter (a",
    ),
    Answer(
        "06.4",
        "wrong",
        "the crop share as a percentage (80) instead of a share of 1 (0.8)",
        """
augmentation = dict(
    degrees=15,
    scale=(80, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=0.2,
)
""",
        hint="Your `scale` is (80, 1): it is the",
    ),
    Answer(
        "06.4",
        "wrong",
        "full-strength colour jitter 1.0: hue shifts across the whole colour wh",
        """
augmentation = dict(
    degrees=15,
    scale=(0.8, 1.0),
    horizontal_flip=True,
    vertical_flip=False,
    jitter=1.0,
)
""",
        hint="Your `jitter` is 1: changes of colour beyond",
    ),
    Answer(
        "06.4",
        "wrong",
        "a full turn of rotation allowed (180 degrees), with the two flips swap",
        """
augmentation = dict(
    degrees=180,
    scale=(0.8, 1.0),
    horizontal_flip=False,
    vertical_flip=True,
    jitter=0.2,
)
""",
        hint="Rotations of up to 180 degrees: beyond about",
    ),
    Answer(
        "06.5",
        "correct",
        "True for training, False for validation",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=False)
""",
    ),
    Answer(
        "06.5",
        "correct",
        "leaves shuffle out of the validation loader (its default: the data's o",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64)  # no need to shuffle for measuring
""",
    ),
    Answer(
        "06.5",
        "correct",
        "named flags, comments, and a print of the batch counts",
        """
SHUFFLE_TRAIN = True    # a new order every epoch, so batches differ
SHUFFLE_VALID = False   # order does not change the accuracy
train_loader = TensorLoader(train_data, batch_size=32, shuffle=SHUFFLE_TRAIN, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=SHUFFLE_VALID)
print(len(train_loader), "training batches,", len(valid_loader), "validation batches")
""",
    ),
    Answer(
        "06.5",
        "correct",
        "arguments in another order (seed before shuffle), the validation loade",
        """
valid_loader = TensorLoader(valid_data, shuffle=False, batch_size=64)
train_loader = TensorLoader(train_data, seed=42, shuffle=True, batch_size=32)
""",
    ),
    Answer(
        "06.5",
        "wrong",
        "shuffles neither loader: training batches come in the same order every",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=False)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "06.5",
        "wrong",
        "the two swapped: validation shuffled, training not",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=False, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=True)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "06.5",
        "wrong",
        "strings 'True' and 'False' instead of booleans",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle="True", seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle="False")
""",
        hint="Your `valid_loader` has shuffle='False', with quotes: that is",
    ),
    Answer(
        "06.5",
        "wrong",
        "copy-paste: the validation loader is built on train_data",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(train_data, batch_size=64, shuffle=False)
""",
        hint="Your `valid_loader` reads the training data, so validation",
    ),
    Answer(
        "06.5",
        "wrong",
        "shuffles both (the validation one need not",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=True)
""",
        hint="The validation loader shuffles too: that changes nothing",
    ),
    Answer(
        "06.5",
        "wrong",
        "the loaders swapped: train_loader reads valid_data and valid_loader re",
        """
train_loader = TensorLoader(valid_data, batch_size=32, shuffle=True, seed=42)
valid_loader = TensorLoader(train_data, batch_size=64, shuffle=False)
""",
        hint="The two loaders have swapped their data: `train_loader`",
    ),
    Answer(
        "06.5",
        "wrong",
        "shuffle=None for training (thinks None means 'default, random')",
        """
train_loader = TensorLoader(train_data, batch_size=32, shuffle=None, seed=42)
valid_loader = TensorLoader(valid_data, batch_size=64, shuffle=False)
""",
        hint="The training loader keeps the file's order, so",
    ),
    Answer(
        "06.6",
        "correct",
        "unfreeze_base(train_batchnorm=True), lr=1e-4",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)  # let the base learn again
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
    ),
    Answer(
        "06.6",
        "correct",
        "lr written as 0.0001 and a print of the trainable parameters",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    n = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"fine-tuning {n:,} parameters")
    return torch.optim.Adam(model.parameters(), lr=0.0001, fused=True)
""",
    ),
    Answer(
        "06.6",
        "correct",
        "lr=5e-5 in a named variable, params passed as keyword, no fused",
        '''
FINE_TUNE_LR = 5e-5  # 20 times smaller than the head's 1e-3


def fine_tuning_optimizer(model):
    """unfreeze_base(train_batchnorm=True), then Adam over model.parameters()."""
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(params=model.parameters(), lr=FINE_TUNE_LR)
''',
    ),
    Answer(
        "06.6",
        "correct",
        "lr = head lr / 5 (2e-4), parameters collected in a list, an assert tha",
        """
def fine_tuning_optimizer(model):
    head_lr = 1e-3
    model.unfreeze_base(train_batchnorm=True)
    params = list(model.parameters())
    assert all(p.requires_grad for p in params)
    return torch.optim.Adam(params, lr=head_lr / 5, fused=True)
""",
    ),
    Answer(
        "06.6",
        "wrong",
        "forgets to unfreeze the base: only the head keeps learning",
        """
def fine_tuning_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="The base is still frozen: call `model.unfreeze_base(train_batchnorm=True)` first,",
    ),
    Answer(
        "06.6",
        "wrong",
        "keeps the head's learning rate 1e-3: too large for fine-tuning the pre",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
""",
        hint="A learning rate of 0.001 is not below",
    ),
    Answer(
        "06.6",
        "wrong",
        "lr=0.01: far above the head's",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), lr=0.01, fused=True)
""",
        hint="A learning rate of 0.01 is not below",
    ),
    Answer(
        "06.6",
        "wrong",
        "lr=1e-10: so small nothing changes",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.parameters(), lr=1e-10, fused=True)
""",
        hint="A learning rate of 1e-10 barely moves anything",
    ),
    Answer(
        "06.6",
        "wrong",
        "an optimizer over the head only (model.head.parameters())",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(model.head.parameters(), lr=1e-4, fused=True)
""",
        hint="The optimizer only holds some of the weights",
    ),
    Answer(
        "06.6",
        "wrong",
        "unfreeze_base without parentheses: never called",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="The base is still frozen: call `model.unfreeze_base(train_batchnorm=True)` first,",
    ),
    Answer(
        "06.6",
        "wrong",
        "collects the trainable parameters before unfreezing: the list holds on",
        """
def fine_tuning_optimizer(model):
    trainable = [p for p in model.parameters() if p.requires_grad]
    model.unfreeze_base(train_batchnorm=True)
    return torch.optim.Adam(trainable, lr=1e-4, fused=True)
""",
        hint="The optimizer only holds some of the weights",
    ),
    Answer(
        "06.6",
        "wrong",
        "calls freeze_base() instead of unfreeze_base()",
        """
def fine_tuning_optimizer(model):
    model.freeze_base()
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="The base is still frozen: call `model.unfreeze_base(train_batchnorm=True)` first,",
    ),
    Answer(
        "06.6",
        "wrong",
        "train_batchnorm=False: the BatchNorm layers keep ImageNet's statistics",
        """
def fine_tuning_optimizer(model):
    model.unfreeze_base(train_batchnorm=False)
    return torch.optim.Adam(model.parameters(), lr=1e-4, fused=True)
""",
        hint="Every weight learns, but the base's BatchNorm layers",
    ),
]

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("06", ANSWERS)
