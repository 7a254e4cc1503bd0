"""The checks of lesson 04a (04a_asl_augmentation), judged on learners' answers: correct ones in several styles, and
wrong ones each with the phrase its hint must contain. Most answers were written from the task's text
alone, by people who had not read the checks.
"""

from judging import Answer, lesson_tests

ANSWERS = [
    Answer(
        "04a.1",
        "correct",
        "five layers written out with keyword arguments",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
    ),
    Answer(
        "04a.1",
        "correct",
        "positional args, padding='same', MaxPool2d(kernel_size=2), Dropout(p=",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, 3, padding='same'),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(p=dropout_p),
            nn.MaxPool2d(kernel_size=2),
        )

    def forward(self, x):
        return self.model(x)
""",
    ),
    Answer(
        "04a.1",
        "correct",
        "layers collected in a list and unpacked, docstring, super(MyConvBlock",
        '''
class MyConvBlock(nn.Module):
    """Conv 3x3 -> BatchNorm -> ReLU -> Dropout -> MaxPool 2x2."""

    def __init__(self, in_ch, out_ch, dropout_p):
        super(MyConvBlock, self).__init__()
        layers = [
            nn.Conv2d(in_ch, out_ch, kernel_size=3, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        ]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)
''',
    ),
    Answer(
        "04a.1",
        "correct",
        "all layers on one line, forward with an intermediate variable and comm",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.in_ch, self.out_ch = in_ch, out_ch
        self.model = nn.Sequential(nn.Conv2d(in_ch, out_ch, 3, 1, 1), nn.BatchNorm2d(out_ch), nn.ReLU(),
                                   nn.Dropout(dropout_p), nn.MaxPool2d(2, 2))

    def forward(self, x):
        out = self.model(x)  # halves height and width
        return out
""",
    ),
    Answer(
        "04a.1",
        "wrong",
        "hard-coded Dropout(0.2) instead of the block's dropout_p",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="The dropout ignores the block's `dropout_p`: `MyConvBlock(1, 4,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "BatchNorm2d(in_ch) instead of out_ch (fails when in_ch != out_ch)",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(in_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 2, the check's block `MyConvBlock(3, 8,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "no padding: the conv shrinks the image by 2",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 1, the check's block `MyConvBlock(3, 8,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "max-pool before dropout (order)",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.MaxPool2d(2, stride=2),
            nn.Dropout(dropout_p),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="Your `nn.Dropout(0.25)` comes right after `nn.MaxPool2d(2)` that follows",
    ),
    Answer(
        "04a.1",
        "wrong",
        "ReLU before BatchNorm (order)",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.BatchNorm2d(out_ch),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 2 (not counting dropout), the check's",
    ),
    Answer(
        "04a.1",
        "wrong",
        "kernel_size=2 instead of 3 for the convolution",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=2, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 1, the check's block `MyConvBlock(3, 8,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "forgot the ReLU",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="There is no `nn.ReLU()` in the check's block",
    ),
    Answer(
        "04a.1",
        "wrong",
        "forward forgets to return: the block outputs None",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        self.model(x)
""",
        hint="The check's block `MyConvBlock(3, 8, 0.25)` gives None",
    ),
    Answer(
        "04a.1",
        "wrong",
        "forgot super().__init__(): assigning a module raises AttributeError at",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="Your `MyConvBlock` raised AttributeError: cannot assign module before",
    ),
    Answer(
        "04a.1",
        "wrong",
        "MaxPool2d(2, stride=1): does not halve the size",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=1),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="The pooling is `nn.MaxPool2d(2, stride=1)`; each block needs",
    ),
    Answer(
        "04a.1",
        "wrong",
        "nn.Dropout() without argument (default p=0.5), ignoring dropout_p",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="The dropout ignores the block's `dropout_p`: `MyConvBlock(1, 4,",
    ),
    Answer(
        "04a.2",
        "correct",
        "the four label-keeping transforms copied in the order of the cell",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
    ),
    Answer(
        "04a.2",
        "correct",
        "own dict of all candidates with a keep flag, filtered by comprehension",
        """
choices = {
    "small rotation": (v2.RandomRotation(5), True),
    "big rotation": (v2.RandomRotation(90), False),
    "gentle crop": (v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)), True),
    "aggressive crop": (v2.RandomResizedCrop((28, 28), scale=(0.2, 1)), False),
    "mirror": (v2.RandomHorizontalFlip(), True),
    "upside down": (v2.RandomVerticalFlip(), False),
    "light": (v2.ColorJitter(brightness=0.2, contrast=0.5), True),
}
augmentations = [t for t, keeps_letter in choices.values() if keeps_letter]
""",
    ),
    Answer(
        "04a.2",
        "correct",
        "different order, RandomResizedCrop(28, ...) with an int size, keyword",
        """
augmentations = [
    v2.RandomHorizontalFlip(p=0.5),  # left hand = right hand
    v2.ColorJitter(brightness=0.2, contrast=0.5),
    v2.RandomResizedCrop(28, scale=(0.9, 1.0), ratio=(1.0, 1.0)),
    v2.RandomRotation(degrees=5),
]
""",
    ),
    Answer(
        "04a.2",
        "correct",
        "list built with append, degrees as a (-5, 5) range, keyword size, prin",
        """
augmentations = []
augmentations.append(v2.RandomRotation(degrees=(-5, 5)))            # a slight tilt
augmentations.append(v2.RandomResizedCrop(size=(28, 28), scale=(0.9, 1), ratio=(1, 1)))  # slight zoom
augmentations.append(v2.RandomHorizontalFlip())                      # other hand
augmentations.append(v2.ColorJitter(brightness=0.2, contrast=0.5))   # other light
print(augmentations)
""",
    ),
    Answer(
        "04a.2",
        "wrong",
        "included RandomVerticalFlip (upside-down hands change the letter)",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
    v2.RandomVerticalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomVerticalFlip` turns hands upside down; nobody signs",
    ),
    Answer(
        "04a.2",
        "wrong",
        "left out the horizontal flip (thought mirroring changes the letter)",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Every transform you chose keeps the letter, but",
    ),
    Answer(
        "04a.2",
        "wrong",
        "included RandomRotation(90) as well",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomRotation(90),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomRotation` by up to 90 degrees turns",
    ),
    Answer(
        "04a.2",
        "wrong",
        "the aggressive crop scale=(0.2, 1) instead of the gentle one",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.2, 1)),
    v2.RandomHorizontalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomResizedCrop` with a scale down to 0.2",
    ),
    Answer(
        "04a.2",
        "wrong",
        "left out ColorJitter (incomplete choice)",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
]
""",
        hint="Every transform you chose keeps the letter, but",
    ),
    Answer(
        "04a.2",
        "wrong",
        "strings (the names) instead of the transform objects",
        """
augmentations = [
    "RandomRotation(5)",
    "RandomResizedCrop(28, scale=(0.9, 1), ratio=(1, 1))",
    "RandomHorizontalFlip()",
    "ColorJitter(brightness=0.2, contrast=0.5)",
]
""",
        hint="The list holds the text 'RandomRotation(5)'; copy the",
    ),
    Answer(
        "04a.2",
        "wrong",
        "classes instead of instances for the flip (forgot the parentheses)",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip,
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="The list holds the class `v2.RandomHorizontalFlip` itself; a",
    ),
    Answer(
        "04a.2",
        "todo",
        "kept the ... placeholder line in the list alongside the choices",
        """
augmentations = [
    ...,
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
    ),
    Answer(
        "04a.2",
        "wrong",
        "took every candidate (all seven)",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomRotation(90),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomResizedCrop((28, 28), scale=(0.2, 1)),
    v2.RandomHorizontalFlip(),
    v2.RandomVerticalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomRotation` by up to 90 degrees turns",
    ),
    Answer(
        "04a.2",
        "wrong",
        "only the single example given in the scaffold (RandomRotation(5))",
        """
augmentations = [
    v2.RandomRotation(5),
]
""",
        hint="Every transform you chose keeps the letter, but",
    ),
    Answer(
        "04a.1",
        "correct",
        "the five layers one per line, as in lesson 03",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
    ),
    Answer(
        "04a.1",
        "correct",
        "padding='same', positional kernel, Dropout(p=...), MaxPool2d(kernel_si",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(nn.Conv2d(in_ch, out_ch, 3, padding="same"), nn.BatchNorm2d(out_ch), nn.ReLU(), nn.Dropout(p=dropout_p), nn.MaxPool2d(kernel_size=2))

    def forward(self, x):
        return self.model(x)
""",
    ),
    Answer(
        "04a.1",
        "correct",
        "docstrings, keyword arguments, super(MyConvBlock, self), intermediate",
        '''
class MyConvBlock(nn.Module):
    """Conv -> BatchNorm -> ReLU -> Dropout -> MaxPool. forward() just runs self.model; __init__ builds it."""

    def __init__(self, in_ch, out_ch, dropout_p):
        super(MyConvBlock, self).__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_channels=in_ch, out_channels=out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(num_features=out_ch),
            nn.ReLU(inplace=True),
            nn.Dropout(p=dropout_p),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )

    def forward(self, x):
        """x: (batch, in_ch, H, W) -> (batch, out_ch, H/2, W/2)"""
        out = self.model(x)
        return out
''',
    ),
    Answer(
        "04a.1",
        "correct",
        "layers collected in a list and unpacked into self.model, with a print",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        layers = [
            nn.Conv2d(in_ch, out_ch, 3, 1, 1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, 2),
        ]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


print(MyConvBlock(1, 25, 0))
""",
    ),
    Answer(
        "04a.1",
        "correct",
        "an extra shape assert in forward and the block stored attributes",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.in_ch, self.out_ch = in_ch, out_ch
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, padding=1),  # keeps H x W
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),  # p = 0 -> does nothing
            nn.MaxPool2d(2, stride=2),  # halves H x W
        )

    def forward(self, x):
        assert x.shape[1] == self.in_ch, f"expected {self.in_ch} channels, got {x.shape[1]}"
        return self.model(x)
""",
    ),
    Answer(
        "04a.1",
        "wrong",
        "BatchNorm2d of in_ch instead of out_ch",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(in_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 2, the check's block `MyConvBlock(3, 8,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "hard-coded Dropout(0.2) instead of the block's dropout_p",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="The dropout ignores the block's `dropout_p`: `MyConvBlock(1, 4,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "left the Dropout out (only four layers)",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="The dropout differs from the task's: the check's",
    ),
    Answer(
        "04a.1",
        "wrong",
        "Dropout after the MaxPool instead of before",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.MaxPool2d(2, stride=2),
            nn.Dropout(dropout_p),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="Your `nn.Dropout(0.25)` comes right after `nn.MaxPool2d(2)` that follows",
    ),
    Answer(
        "04a.1",
        "wrong",
        "no padding: the convolution shrinks the image by 2",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 1, the check's block `MyConvBlock(3, 8,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "forward without return: the block returns None",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        self.model(x)
""",
        hint="The check's block `MyConvBlock(3, 8, 0.25)` gives None",
    ),
    Answer(
        "04a.1",
        "wrong",
        "layers stored as self.layers instead of self.model, so the saved weigh",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.layers(x)
""",
        hint="The block computes the right thing, but keeps",
    ),
    Answer(
        "04a.1",
        "wrong",
        "MaxPool2d(2, stride=1) only shrinks by one pixel instead of halving",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=1),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="The pooling is `nn.MaxPool2d(2, stride=1)`; each block needs",
    ),
    Answer(
        "04a.1",
        "wrong",
        "forgot super().__init__(), so assigning a module raises",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="Your `MyConvBlock` raised AttributeError: cannot assign module before",
    ),
    Answer(
        "04a.1",
        "wrong",
        "convolution maps in_ch to in_ch (copy slip), then BatchNorm(out_ch) do",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, in_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 1, the check's block `MyConvBlock(3, 8,",
    ),
    Answer(
        "04a.1",
        "wrong",
        "ReLU placed before BatchNorm",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.BatchNorm2d(out_ch),
            nn.Dropout(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 2 (not counting dropout), the check's",
    ),
    Answer(
        "04a.2",
        "correct",
        "the four label-keeping candidates copied in the cell's order",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
    ),
    Answer(
        "04a.2",
        "correct",
        "built up with append, one choice at a time, with reasons in comments",
        """
augmentations = []
augmentations.append(v2.RandomRotation(5))  # small tilt: same letter
augmentations.append(v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)))  # slight zoom
augmentations.append(v2.RandomHorizontalFlip())  # left hand = right hand
augmentations.append(v2.ColorJitter(brightness=0.2, contrast=0.5))  # lighting
# not: RandomRotation(90), the 0.2 crop, RandomVerticalFlip
""",
    ),
    Answer(
        "04a.2",
        "correct",
        "different order and keyword arguments (degrees=, size=28 int, p=0.5)",
        """
augmentations = [
    v2.ColorJitter(brightness=0.2, contrast=0.5),                     # lighting changes, same letter
    v2.RandomHorizontalFlip(p=0.5),                                   # left hand vs right hand
    v2.RandomResizedCrop(size=28, scale=(0.9, 1.0), ratio=(1.0, 1.0)),  # a little zoom
    v2.RandomRotation(degrees=5),                                     # tiny tilt
]
""",
    ),
    Answer(
        "04a.2",
        "correct",
        "own dict of kept transforms, list(dict.values()), with a print",
        """
kept = {
    "small rotation": v2.RandomRotation(5),
    "gentle crop": v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    "mirror": v2.RandomHorizontalFlip(),
    "light": v2.ColorJitter(brightness=0.2, contrast=0.5),
}
augmentations = list(kept.values())
print(list(kept))
""",
    ),
    Answer(
        "04a.2",
        "wrong",
        "includes the vertical flip (upside-down hand changes the letter)",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
    v2.RandomVerticalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomVerticalFlip` turns hands upside down; nobody signs",
    ),
    Answer(
        "04a.2",
        "wrong",
        "left out the horizontal flip, thinking a mirrored hand is another lett",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Every transform you chose keeps the letter, but",
    ),
    Answer(
        "04a.2",
        "wrong",
        "RandomRotation(90) chosen instead of RandomRotation(5)",
        """
augmentations = [
    v2.RandomRotation(90),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomRotation` by up to 90 degrees turns",
    ),
    Answer(
        "04a.2",
        "wrong",
        "left out ColorJitter (thought colour changes don't matter for greyscal",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip(),
]
""",
        hint="Every transform you chose keeps the letter, but",
    ),
    Answer(
        "04a.2",
        "wrong",
        "the aggressive crop (scale 0.2-1) instead of the gentle one",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.2, 1)),
    v2.RandomHorizontalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomResizedCrop` with a scale down to 0.2",
    ),
    Answer(
        "04a.2",
        "wrong",
        "took every candidate",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomRotation(90),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomResizedCrop((28, 28), scale=(0.2, 1)),
    v2.RandomHorizontalFlip(),
    v2.RandomVerticalFlip(),
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="Your `RandomRotation` by up to 90 degrees turns",
    ),
    Answer(
        "04a.2",
        "wrong",
        "the flip written as the class, without parentheses",
        """
augmentations = [
    v2.RandomRotation(5),
    v2.RandomResizedCrop((28, 28), scale=(0.9, 1), ratio=(1, 1)),
    v2.RandomHorizontalFlip,
    v2.ColorJitter(brightness=0.2, contrast=0.5),
]
""",
        hint="The list holds the class `v2.RandomHorizontalFlip` itself; a",
    ),
    Answer(
        "04a.2",
        "wrong",
        "the candidates' names (strings) instead of the transforms",
        """
augmentations = [
    "RandomRotation(5)",
    "RandomResizedCrop(28, scale=(0.9, 1), ratio=(1, 1))",
    "RandomHorizontalFlip()",
    "ColorJitter(brightness=0.2, contrast=0.5)",
]
""",
        hint="The list holds the text 'RandomRotation(5)'; copy the",
    ),
    Answer(
        "04a.2",
        "wrong",
        "only one transform (the example from the scaffold's comment)",
        """
augmentations = [
    v2.RandomRotation(5),
]
""",
        hint="Every transform you chose keeps the letter, but",
    ),
    Answer(
        "04a.1",
        "wrong",
        "AvgPool2d instead of MaxPool2d",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout(dropout_p),
            nn.AvgPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="At position 4 (not counting dropout), the check's",
    ),
    Answer(
        "04a.1",
        "wrong",
        "Dropout2d (drops whole channels) instead of Dropout",
        """
class MyConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, dropout_p):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(),
            nn.Dropout2d(dropout_p),
            nn.MaxPool2d(2, stride=2),
        )

    def forward(self, x):
        return self.model(x)
""",
        hint="The check's block `MyConvBlock(3, 8, 0.25)` has `nn.Dropout2d`,",
    ),
]

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("04a", ANSWERS)
