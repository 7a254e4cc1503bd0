"""The checks of lesson 05 (05_pretrained_vgg16), judged on learners' answers: correct ones in several styles, and
wrong ones each with the phrase its hint must contain. Most answers were written from the task's text
alone, by people who had not read the checks.
"""

from judging import Answer, lesson_tests

ANSWERS = [
    Answer(
        "05.1",
        "correct",
        "range membership with end+1",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 269):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(281, 286):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "correct",
        "chained comparisons 151 <= i <= 268",
        """
def doggy_door_decision(class_index):
    if 151 <= class_index <= 268:  # a dog
        return "dog: the door opens, come in!"
    if 281 <= class_index <= 285:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "correct",
        "sets of class numbers built once outside the function",
        """
DOGS = set(range(151, 268 + 1))
CATS = set(range(281, 285 + 1))


def doggy_door_decision(class_index):
    if class_index in DOGS:  # a dog
        return "dog: the door opens, come in!"
    if class_index in CATS:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "correct",
        ">= and < with and",
        """
def doggy_door_decision(class_index):
    if class_index >= 151 and class_index < 269:  # a dog
        return "dog: the door opens, come in!"
    if class_index >= 281 and class_index < 286:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "correct",
        "elif chain, int() of the index, docstring and named constants",
        '''
FIRST_DOG, LAST_DOG = 151, 268
FIRST_CAT, LAST_CAT = 281, 285


def doggy_door_decision(class_index):
    """Dog classes are 151..268, cats 281..285 (both ends included)."""
    i = int(class_index)
    if FIRST_DOG <= i <= LAST_DOG:
        return "dog: the door opens, come in!"
    elif FIRST_CAT <= i <= LAST_CAT:
        return "cat: the door stays shut, stay inside!"
    else:
        return "neither dog nor cat: the door stays shut, stay out!"
''',
    ),
    Answer(
        "05.1",
        "wrong",
        "range(151, 268) stops before 268, the last dog breed is missed",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 268):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(281, 286):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 268 came out as 'neither', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "range(281, 285) misses cat 285",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 269):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(281, 285):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 285 came out as 'neither', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "dog and cat ranges swapped",
        """
def doggy_door_decision(class_index):
    if class_index in range(281, 286):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(151, 269):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="The dogs come out as cats: the dog",
    ),
    Answer(
        "05.1",
        "wrong",
        "strict comparisons 151 < i < 268 leave out both ends",
        """
def doggy_door_decision(class_index):
    if 151 < class_index < 268:  # a dog
        return "dog: the door opens, come in!"
    if 281 < class_index < 285:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 151 came out as 'neither', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "a list of the two end numbers, [151, 268], instead of a range: only 15",
        """
def doggy_door_decision(class_index):
    if class_index in [151, 268]:  # a dog
        return "dog: the door opens, come in!"
    if class_index in [281, 285]:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Only classes 151 and 268 count as dogs:",
    ),
    Answer(
        "05.1",
        "wrong",
        "or instead of and: every number is a 'dog'",
        """
def doggy_door_decision(class_index):
    if class_index >= 151 or class_index <= 268:  # a dog
        return "dog: the door opens, come in!"
    if class_index >= 281 or class_index <= 285:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Every class comes out as a dog: the",
    ),
    Answer(
        "05.1",
        "wrong",
        "dog range runs up to 285, swallowing the cats",
        """
def doggy_door_decision(class_index):
    if 151 <= class_index <= 285:  # a dog
        return "dog: the door opens, come in!"
    if 281 <= class_index <= 285:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="The door gets classes 269-280 wrong: 'dog' where",
    ),
    Answer(
        "05.1",
        "wrong",
        "off by one at the start (150..267), thinking the numbers start at 1",
        """
def doggy_door_decision(class_index):
    if class_index in range(150, 268):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(280, 285):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 150 came out as 'dog', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "prints the messages instead of returning them: the function returns No",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 269):
        print("dog: the door opens, come in!")
    elif class_index in range(281, 286):
        print("cat: the door stays shut, stay inside!")
    else:
        print("neither dog nor cat: the door stays shut, stay out!")
""",
        hint="It returned None for every class: `return` the",
    ),
    Answer(
        "05.2",
        "correct",
        "base.requires_grad_(False) and nn.Linear(1000, 1)",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
    ),
    Answer(
        "05.2",
        "correct",
        "loop over parameters setting requires_grad = False",
        """
def frozen_base_with_head(base):
    for p in base.parameters():
        p.requires_grad = False  # frozen
    head = nn.Linear(in_features=1000, out_features=1)
    return nn.Sequential(base, head)
""",
    ),
    Answer(
        "05.2",
        "correct",
        "named_parameters loop with requires_grad_(False), bias=True written ou",
        """
def frozen_base_with_head(base):
    for name, param in base.named_parameters():
        param.requires_grad_(False)
    head = nn.Linear(1000, 1, bias=True)
    print("trainable in head:", sum(p.numel() for p in head.parameters()))
    return nn.Sequential(base, head)
""",
    ),
    Answer(
        "05.2",
        "correct",
        "head as a small nn.Module subclass wrapping a Linear(1000, 1)",
        '''
class DoorHead(nn.Module):
    """1000 ImageNet scores -> one score."""
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(1000, 1)

    def forward(self, x):
        return self.fc(x)


def frozen_base_with_head(base):
    base.requires_grad_(requires_grad=False)
    head = DoorHead()
    return nn.Sequential(base, head)
''',
    ),
    Answer(
        "05.2",
        "correct",
        "freezes with a list comprehension, puts the head on the base's device",
        """
def frozen_base_with_head(base):
    _ = [p.requires_grad_(False) for p in base.parameters()]
    base.eval()
    dev = next(base.parameters()).device
    head = nn.Linear(1000, 1).to(dev)
    return nn.Sequential(base, head)
""",
    ),
    Answer(
        "05.2",
        "wrong",
        "did not freeze the base at all",
        """
def frozen_base_with_head(base):
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="The base can still learn: `base.requires_grad_(False)` freezes every",
    ),
    Answer(
        "05.2",
        "wrong",
        "two outputs instead of one",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Linear(1000, 2)
    return nn.Sequential(base, head)
""",
        hint="The head gives 2 outputs per photo; the",
    ),
    Answer(
        "05.2",
        "wrong",
        "head ends in nn.Sigmoid(), but BCEWithLogitsLoss expects raw scores",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Sequential(nn.Linear(1000, 1), nn.Sigmoid())
    return nn.Sequential(base, head)
""",
        hint="The head ends with a sigmoid, but `nn.BCEWithLogitsLoss`",
    ),
    Answer(
        "05.2",
        "wrong",
        "freezes the whole chain including the head: nothing can learn",
        """
def frozen_base_with_head(base):
    head = nn.Linear(1000, 1)
    model = nn.Sequential(base, head)
    model.requires_grad_(False)
    return model
""",
        hint="Nothing can learn: the head's weights are frozen",
    ),
    Answer(
        "05.2",
        "wrong",
        "base.requires_grad = False sets a plain attribute on the module, the w",
        """
def frozen_base_with_head(base):
    base.requires_grad = False
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="The base can still learn: `base.requires_grad_(False)` freezes every",
    ),
    Answer(
        "05.2",
        "wrong",
        "in and out swapped: Linear(1, 1000)",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Linear(1, 1000)
    return nn.Sequential(base, head)
""",
        hint="The head takes 1 inputs, but the base",
    ),
    Answer(
        "05.2",
        "wrong",
        "base.eval() instead of freezing: eval mode does not stop weights learn",
        """
def frozen_base_with_head(base):
    base.eval()  # freeze
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="Your `base.eval()` switches dropout off and fixes BatchNorm's",
    ),
    Answer(
        "05.2",
        "wrong",
        "Linear(4096, 1): VGG's hidden size instead of its 1000 outputs",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Linear(4096, 1)
    return nn.Sequential(base, head)
""",
        hint="The head takes 4096 inputs, but the base",
    ),
    Answer(
        "05.2",
        "wrong",
        "head = nn.Linear, the class itself, not a layer",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Linear
    return nn.Sequential(base, head)
""",
        hint="The head is a class, not a layer:",
    ),
    Answer(
        "05.2",
        "wrong",
        "wraps in torch.no_grad() thinking that freezes",
        """
def frozen_base_with_head(base):
    with torch.no_grad():  # freeze the base
        head = nn.Linear(1000, 1)
        model = nn.Sequential(base, head)
    return model
""",
        hint="The base can still learn: `base.requires_grad_(False)` freezes every",
    ),
    Answer(
        "05.2",
        "wrong",
        "freezes only the first weight tensor of the base (next(...))",
        """
def frozen_base_with_head(base):
    next(base.parameters()).requires_grad = False
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="Only some of the base is frozen (5",
    ),
    Answer(
        "05.3",
        "correct",
        "nn.BCEWithLogitsLoss()",
        """
loss_fn = nn.BCEWithLogitsLoss()
""",
    ),
    Answer(
        "05.3",
        "correct",
        "torch.nn. prefix and a comment",
        """
loss_fn = torch.nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy in one
""",
    ),
    Answer(
        "05.3",
        "correct",
        "reduction='mean' written out",
        """
loss_fn = nn.BCEWithLogitsLoss(reduction="mean")
""",
    ),
    Answer(
        "05.3",
        "correct",
        "imported by name",
        """
from torch.nn import BCEWithLogitsLoss

loss_fn = BCEWithLogitsLoss()
print(loss_fn)
""",
    ),
    Answer(
        "05.3",
        "correct",
        "a subclass of BCEWithLogitsLoss with a docstring",
        '''
class DoorLoss(nn.BCEWithLogitsLoss):
    """BCEWithLogitsLoss: one raw score per photo, labels 0/1."""


loss_fn = DoorLoss()
''',
    ),
    Answer(
        "05.3",
        "wrong",
        "BCELoss on raw scores: needs probabilities",
        """
loss_fn = nn.BCELoss()
""",
        hint="Your `nn.BCELoss` computes a yes/no cross-entropy of probabilities,",
    ),
    Answer(
        "05.3",
        "wrong",
        "CrossEntropyLoss for one score: needs one score per class",
        """
loss_fn = nn.CrossEntropyLoss()
""",
        hint="Your `nn.CrossEntropyLoss` computes a softmax over the scores",
    ),
    Answer(
        "05.3",
        "wrong",
        "MSELoss: regression loss for a yes/no label",
        """
loss_fn = nn.MSELoss()
""",
        hint="Your `nn.MSELoss` computes the squared distance between numbers,",
    ),
    Answer(
        "05.3",
        "wrong",
        "the class without (): not a loss object",
        """
loss_fn = nn.BCEWithLogitsLoss
""",
        hint="Your `loss_fn` is the class `nn.BCEWithLogitsLoss` itself; a",
    ),
    Answer(
        "05.3",
        "wrong",
        "a string with the loss's name instead of the loss",
        """
loss_fn = "BCEWithLogitsLoss"
""",
        hint="Your `loss_fn` is the text 'BCEWithLogitsLoss'; write the",
    ),
    Answer(
        "05.3",
        "wrong",
        "NLLLoss: needs log-probabilities of several classes",
        """
loss_fn = nn.NLLLoss()
""",
        hint="Your `nn.NLLLoss` computes the log-probability of the right",
    ),
    Answer(
        "05.3",
        "wrong",
        "SoftMarginLoss: expects labels -1 and +1, our labels are 0/1",
        """
loss_fn = nn.SoftMarginLoss()
""",
        hint="Your `nn.SoftMarginLoss` computes a two-class loss for labels",
    ),
    Answer(
        "05.3",
        "wrong",
        "nn.Sigmoid() instead of a loss (confused the sigmoid with the loss)",
        """
loss_fn = nn.Sigmoid()
""",
        hint="Your `loss_fn` is the layer `nn.Sigmoid`, which computes",
    ),
    Answer(
        "05.3",
        "wrong",
        "L1Loss: absolute error, not a classification loss",
        """
loss_fn = nn.L1Loss()
""",
        hint="Your `nn.L1Loss` computes the distance between numbers, for",
    ),
    Answer(
        "05.4",
        "correct",
        "torch.sigmoid and p > 0.5",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
    ),
    Answer(
        "05.4",
        "correct",
        "1/(1+exp(-x)) written out, test on score > 0",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = 1 / (1 + torch.exp(-score))
    if score > 0:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
    ),
    Answer(
        "05.4",
        "correct",
        "score.sigmoid() method and .item() in the comparison",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = score.sigmoid()
    if p_class1.item() > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
    ),
    Answer(
        "05.4",
        "correct",
        "torch.as_tensor so plain floats work too",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(torch.as_tensor(score, dtype=torch.float32))
    if float(score) > 0.0:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
    ),
    Answer(
        "05.4",
        "correct",
        "math.exp on a float, if/else with names and probabilities computed fir",
        """
import math


def read_score(score):
    s = float(score)
    p_class1 = 1.0 / (1.0 + math.exp(-s))
    if p_class1 > 0.5:
        name, p = classes[1], p_class1
    else:
        name, p = classes[0], 1.0 - p_class1
    return name, float(p)
""",
    ),
    Answer(
        "05.4",
        "correct",
        "softmax over [0, score] (two-class view, same as sigmoid), max picks w",
        '''
def read_score(score):
    """softmax of (0, score) is (1 - sigmoid, sigmoid)."""
    two = torch.stack([torch.zeros_like(score), score])
    probs = torch.softmax(two, dim=0)
    winner = int(probs.argmax())
    return classes[winner], float(probs[winner])
''',
    ),
    Answer(
        "05.4",
        "wrong",
        "boundary at 0 on the probability: a probability is always above 0, so",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
        hint="It always names class 1 ('not_bo'), even for",
    ),
    Answer(
        "05.4",
        "wrong",
        "boundary at 0.5 on the raw score: scores between 0 and 0.5 go to the w",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)
    if score > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
        hint="For a score of 0.2 it said 'bo':",
    ),
    Answer(
        "05.4",
        "wrong",
        "returns the probability of class 1 also when class 0 wins",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(p_class1)
''',
        hint="For a score of -3.0 it said 'bo'",
    ),
    Answer(
        "05.4",
        "wrong",
        "classes swapped: class 0 returned when class-1 probability is high",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0.5:
        return classes[0], float(p_class1)
    return classes[1], float(1 - p_class1)
''',
        hint="It has the classes the wrong way round:",
    ),
    Answer(
        "05.4",
        "wrong",
        "no sigmoid: the raw score used as a probability (can be negative or ab",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = score
    if p_class1 > 0:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
        hint="For a score of -3.0 it gave a",
    ),
    Answer(
        "05.4",
        "wrong",
        "softmax of one score is always 1: class 1 always wins with 100%",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.softmax(score, dim=0)
    if p_class1 > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
        hint="The probability is always 1: that is a",
    ),
    Answer(
        "05.4",
        "wrong",
        "returns (probability, name) instead of (name, probability)",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0.5:
        return float(p_class1), classes[1]
    return float(1 - p_class1), classes[0]
''',
        hint="It returns (probability, name); the scaffold's order is",
    ),
    Answer(
        "05.4",
        "wrong",
        "returns the class number instead of its name",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0.5:
        return 1, float(p_class1)
    return 0, float(1 - p_class1)
''',
        hint="For a score of -3.0 it named the",
    ),
    Answer(
        "05.4",
        "wrong",
        "sigmoid of -score: the probability of class 0 treated as class 1's",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(-score)
    if p_class1 > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
        hint="It has the classes the wrong way round:",
    ),
    Answer(
        "05.4",
        "wrong",
        "probability as a percentage (times 100) instead of 0-1",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score) * 100
    if p_class1 > 50:
        return classes[1], float(p_class1)
    return classes[0], float(100 - p_class1)
''',
        hint="For a score of -3.0 it gave 95.26:",
    ),
    Answer(
        "05.1",
        "correct",
        "range membership with the end + 1, as the task hints",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 269):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(281, 286):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "correct",
        "chained comparisons 151 <= i <= 268",
        """
def doggy_door_decision(class_index):
    if 151 <= class_index <= 268:
        return "dog: the door opens, come in!"
    if 281 <= class_index <= 285:
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "correct",
        "named constants for the ranges, elif/else, and the cat test first",
        '''
DOG_CLASSES = range(151, 268 + 1)   # 151..268 inclusive
CAT_CLASSES = range(281, 285 + 1)   # 281..285 inclusive


def doggy_door_decision(class_index):
    """Turns imagenet_top's best index into the door's decision."""
    if class_index in CAT_CLASSES:
        return "cat: the door stays shut, stay inside!"
    elif class_index in DOG_CLASSES:
        return "dog: the door opens, come in!"
    else:
        return "neither dog nor cat: the door stays shut, stay out!"
''',
    ),
    Answer(
        "05.1",
        "correct",
        "explicit >= and <= joined with and",
        """
def doggy_door_decision(class_index):
    n = int(class_index)
    if n >= 151 and n <= 268:  # a dog
        return "dog: the door opens, come in!"
    if n >= 281 and n <= 285:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "correct",
        "strict comparisons with shifted bounds 150 < i < 269",
        """
def doggy_door_decision(class_index):
    if 150 < class_index < 269:   # a dog (151-268)
        return "dog: the door opens, come in!"
    if 280 < class_index < 286:   # a cat (281-285)
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
    ),
    Answer(
        "05.1",
        "wrong",
        "range(151, 268) leaves out 268: off by one at the end",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 268):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(281, 286):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 268 came out as 'neither', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "cat range range(281, 285) leaves out 285",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 269):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(281, 285):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 285 came out as 'neither', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "or instead of and: every number is >= 151 or <= 268, so everything is",
        """
def doggy_door_decision(class_index):
    if class_index >= 151 or class_index <= 268:  # a dog
        return "dog: the door opens, come in!"
    if class_index >= 281 or class_index <= 285:  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Every class comes out as a dog: the",
    ),
    Answer(
        "05.1",
        "wrong",
        "strict < on both ends: 151 and 268 (and 281, 285) are not counted",
        """
def doggy_door_decision(class_index):
    if 151 < class_index < 268:
        return "dog: the door opens, come in!"
    if 281 < class_index < 285:
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 151 came out as 'neither', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "the cat test is a list of just the two ends [281, 285], so 282-284 are",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 269):
        return "dog: the door opens, come in!"
    if class_index in [281, 285]:
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="The door gets classes 282-284 wrong: 'neither' where",
    ),
    Answer(
        "05.1",
        "wrong",
        "shifts both ranges down by one (thinks of counting from 0): range(150",
        """
def doggy_door_decision(class_index):
    # classes count from 0, so subtract one
    if class_index in range(150, 268):
        return "dog: the door opens, come in!"
    if class_index in range(280, 285):
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="Class 150 came out as 'dog', but it",
    ),
    Answer(
        "05.1",
        "wrong",
        "the two ranges swapped: cats open the door, dogs stay inside",
        """
def doggy_door_decision(class_index):
    if class_index in range(281, 286):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(151, 269):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="The dogs come out as cats: the dog",
    ),
    Answer(
        "05.1",
        "wrong",
        "range(151, 286) for the dogs: the cats 281-285 and the classes between",
        """
def doggy_door_decision(class_index):
    if class_index in range(151, 286):  # a dog
        return "dog: the door opens, come in!"
    if class_index in range(281, 286):  # a cat
        return "cat: the door stays shut, stay inside!"
    return "neither dog nor cat: the door stays shut, stay out!"
""",
        hint="The door gets classes 269-280 wrong: 'dog' where",
    ),
    Answer(
        "05.2",
        "correct",
        "requires_grad_(False) on the module, Linear(1000, 1)",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)  # freeze every weight of the base
    head = nn.Linear(1000, 1)   # 1,000 ImageNet scores in, 1 score out
    return nn.Sequential(base, head)
""",
    ),
    Answer(
        "05.2",
        "correct",
        "a loop over base.parameters() setting requires_grad = False",
        """
def frozen_base_with_head(base):
    for param in base.parameters():
        param.requires_grad = False
    head = nn.Linear(in_features=1000, out_features=1)
    return nn.Sequential(base, head)
""",
    ),
    Answer(
        "05.2",
        "correct",
        "named_parameters loop with requires_grad_(False), the head on the base",
        """
def frozen_base_with_head(base):
    for name, p in base.named_parameters():
        p.requires_grad_(False)
    base_device = next(base.parameters()).device
    head = nn.Linear(1000, 1).to(base_device)
    model = nn.Sequential(base, head)
    print("trainable:", sum(p.numel() for p in model.parameters() if p.requires_grad))
    return model
""",
    ),
    Answer(
        "05.2",
        "correct",
        "also puts the base in eval mode (as TransferModel does) and asserts no",
        '''
def frozen_base_with_head(base):
    """Transfer learning: base.requires_grad_(False), then a new nn.Linear head."""
    base.eval()
    base.requires_grad_(requires_grad=False)
    assert not any(p.requires_grad for p in base.parameters())
    n_in, n_out = 1000, 1
    head = nn.Linear(n_in, n_out)
    return nn.Sequential(base, head)
''',
    ),
    Answer(
        "05.2",
        "correct",
        "freeze with a list comprehension over parameters (requires_grad_ on ea",
        """
def frozen_base_with_head(base):
    _ = [w.requires_grad_(False) for w in base.parameters()]
    head = nn.Linear(1000, 1, bias=True)
    return nn.Sequential(base, head)
""",
    ),
    Answer(
        "05.2",
        "wrong",
        "base.requires_grad = False sets a plain attribute on the module and fr",
        """
def frozen_base_with_head(base):
    base.requires_grad = False
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="The base can still learn: `base.requires_grad_(False)` freezes every",
    ),
    Answer(
        "05.2",
        "wrong",
        "the head ends in a sigmoid",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Sequential(nn.Linear(1000, 1), nn.Sigmoid())
    return nn.Sequential(base, head)
""",
        hint="The head ends with a sigmoid, but `nn.BCEWithLogitsLoss`",
    ),
    Answer(
        "05.2",
        "wrong",
        "two outputs (one per class) instead of one score",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Linear(1000, 2)
    return nn.Sequential(base, head)
""",
        hint="The head gives 2 outputs per photo; the",
    ),
    Answer(
        "05.2",
        "wrong",
        "only puts the base in eval mode, thinking that freezes it: the weights",
        """
def frozen_base_with_head(base):
    base.eval()  # freeze
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="Your `base.eval()` switches dropout off and fixes BatchNorm's",
    ),
    Answer(
        "05.2",
        "wrong",
        "comparison == instead of assignment in the loop: nothing is frozen",
        """
def frozen_base_with_head(base):
    for p in base.parameters():
        p.requires_grad == False
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="The base can still learn: `base.requires_grad_(False)` freezes every",
    ),
    Answer(
        "05.2",
        "wrong",
        "freezes only the weights whose name contains 'weight': the biases of t",
        """
def frozen_base_with_head(base):
    for name, p in base.named_parameters():
        if "weight" in name:
            p.requires_grad = False
    head = nn.Linear(1000, 1)
    return nn.Sequential(base, head)
""",
        hint="Only some of the base is frozen (3",
    ),
    Answer(
        "05.2",
        "wrong",
        "freezes the new head instead of the base (freezing after building both",
        """
def frozen_base_with_head(base):
    head = nn.Linear(1000, 1)
    head.requires_grad_(False)
    return nn.Sequential(base, head)
""",
        hint="The base can still learn: `base.requires_grad_(False)` freezes every",
    ),
    Answer(
        "05.2",
        "wrong",
        "Linear(4096, 1): uses VGG16's hidden size, but the base ends with 1,00",
        """
def frozen_base_with_head(base):
    base.requires_grad_(False)
    head = nn.Linear(4096, 1)
    return nn.Sequential(base, head)
""",
        hint="The head takes 4096 inputs, but the base",
    ),
    Answer(
        "05.3",
        "correct",
        "nn.BCEWithLogitsLoss()",
        """
loss_fn = nn.BCEWithLogitsLoss()
""",
    ),
    Answer(
        "05.3",
        "correct",
        "torch.nn.BCEWithLogitsLoss with an explicit reduction='mean' and a com",
        """
# one raw score per photo, labels 0/1 -> binary cross entropy on logits
loss_fn = torch.nn.BCEWithLogitsLoss(reduction="mean")
print(loss_fn)
""",
    ),
    Answer(
        "05.3",
        "correct",
        "the functional form F.binary_cross_entropy_with_logits in a def, conve",
        '''
import torch.nn.functional as F


def loss_fn(scores, labels):
    """BCEWithLogitsLoss as a function: sigmoid + binary cross entropy in one stable step."""
    return F.binary_cross_entropy_with_logits(scores, labels.float().view_as(scores))
''',
    ),
    Answer(
        "05.3",
        "correct",
        "imports the class by name and instantiates it",
        """
from torch.nn import BCEWithLogitsLoss

loss_fn = BCEWithLogitsLoss()
""",
    ),
    Answer(
        "05.3",
        "correct",
        "a small nn.Module subclass that applies the sigmoid by hand and then B",
        '''
class SigmoidBCE(nn.Module):
    """torch.sigmoid on the raw score, then nn.BCELoss: what BCEWithLogitsLoss does in one step."""

    def __init__(self):
        super().__init__()
        self.bce = nn.BCELoss()

    def forward(self, scores, labels):
        return self.bce(torch.sigmoid(scores), labels.float().view_as(scores))


loss_fn = SigmoidBCE()
''',
    ),
    Answer(
        "05.3",
        "wrong",
        "the class without (): loss_fn is the class nn.BCEWithLogitsLoss, not a",
        """
loss_fn = nn.BCEWithLogitsLoss
""",
        hint="Your `loss_fn` is the class `nn.BCEWithLogitsLoss` itself; a",
    ),
    Answer(
        "05.3",
        "wrong",
        "nn.BCELoss() on raw scores: it expects probabilities between 0 and 1",
        """
loss_fn = nn.BCELoss()
""",
        hint="Your `nn.BCELoss` computes a yes/no cross-entropy of probabilities,",
    ),
    Answer(
        "05.3",
        "wrong",
        "nn.CrossEntropyLoss() with a single output: a softmax over one score i",
        """
loss_fn = nn.CrossEntropyLoss()
""",
        hint="Your `nn.CrossEntropyLoss` computes a softmax over the scores",
    ),
    Answer(
        "05.3",
        "wrong",
        "nn.MSELoss(): a regression loss for a yes/no question",
        """
loss_fn = nn.MSELoss()
""",
        hint="Your `nn.MSELoss` computes the squared distance between numbers,",
    ),
    Answer(
        "05.3",
        "wrong",
        "the loss's name as a string",
        """
loss_fn = "BCEWithLogitsLoss"
""",
        hint="Your `loss_fn` is the text 'BCEWithLogitsLoss'; write the",
    ),
    Answer(
        "05.3",
        "wrong",
        "reduction='none': returns one loss per photo instead of one number to",
        """
loss_fn = nn.BCEWithLogitsLoss(reduction="none")
""",
        hint="Your `loss_fn` gives one loss per photo (reduction='none'),",
    ),
    Answer(
        "05.3",
        "wrong",
        "nn.NLLLoss(): a loss for log-probabilities of several classes",
        """
loss_fn = nn.NLLLoss()
""",
        hint="Your `nn.NLLLoss` computes the log-probability of the right",
    ),
    Answer(
        "05.3",
        "wrong",
        "applies a sigmoid and then BCEWithLogitsLoss: the sigmoid is applied t",
        """
_bce = nn.BCEWithLogitsLoss()


def loss_fn(scores, labels):
    probs = torch.sigmoid(scores)   # turn scores into probabilities first
    return _bce(probs, labels.float().view_as(probs))
""",
        hint="It applies a sigmoid to the scores before",
    ),
    Answer(
        "05.4",
        "correct",
        "torch.sigmoid and score > 0",
        '''
def read_score(score):
    """The class the door model picks for one score, and its probability: (name, probability)."""
    p_class1 = torch.sigmoid(score)  # the probability of class 1
    if score > 0:                    # class 1 wins for a positive score
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
''',
    ),
    Answer(
        "05.4",
        "correct",
        "sigmoid by hand with torch.exp and the test p > 0.5",
        """
def read_score(score):
    p_class1 = 1 / (1 + torch.exp(-score))
    if p_class1 > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
""",
    ),
    Answer(
        "05.4",
        "correct",
        "math.exp on float(score), so it works for a tensor or a plain number",
        """
import math


def read_score(score):
    s = float(score)
    p1 = 1.0 / (1.0 + math.exp(-s))   # sigmoid
    if s > 0:
        name, p = classes[1], p1
    else:
        name, p = classes[0], 1 - p1
    return name, float(p)
""",
    ),
    Answer(
        "05.4",
        "correct",
        "score.sigmoid() method and .item() on the probability",
        """
def read_score(score):
    p_class1 = torch.as_tensor(score, dtype=torch.float32).sigmoid()
    if p_class1.item() > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
""",
    ),
    Answer(
        "05.4",
        "correct",
        "torch.special.expit (another name for the sigmoid)",
        """
def read_score(score):
    score = torch.as_tensor(score, dtype=torch.float32)
    p_class1 = torch.special.expit(score)
    winner = int(score > 0)                       # 1 if class 1 wins, else 0
    p = p_class1 if winner == 1 else 1 - p_class1
    return classes[winner], float(p)
""",
    ),
    Answer(
        "05.4",
        "wrong",
        "threshold 0.5 on the raw score instead of 0 (or on the probability): s",
        """
def read_score(score):
    p_class1 = torch.sigmoid(score)
    if score > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
""",
        hint="For a score of 0.2 it said 'bo':",
    ),
    Answer(
        "05.4",
        "wrong",
        "a softmax over the single score instead of a sigmoid: always 1, so cla",
        """
def read_score(score):
    p_class1 = torch.softmax(score.reshape(1), dim=0)[0]
    if p_class1 > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
""",
        hint="The probability is always 1: that is a",
    ),
    Answer(
        "05.4",
        "wrong",
        "the comparison turned round: class 1 when its probability is below 0.5",
        """
def read_score(score):
    p_class1 = torch.sigmoid(score)
    if p_class1 < 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
""",
        hint="It has the classes the wrong way round:",
    ),
    Answer(
        "05.4",
        "wrong",
        "returns the probability of the other class with the winning name",
        """
def read_score(score):
    p_class1 = torch.sigmoid(score)
    if score > 0:
        return classes[1], float(1 - p_class1)
    return classes[0], float(p_class1)
""",
        hint="For a score of -3.0 it said 'bo'",
    ),
    Answer(
        "05.4",
        "wrong",
        "sigmoid of -score: computes the probability of class 0 and calls it cl",
        """
def read_score(score):
    p_class1 = torch.sigmoid(-score)
    if p_class1 > 0.5:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
""",
        hint="It has the classes the wrong way round:",
    ),
    Answer(
        "05.4",
        "wrong",
        "returns the class number instead of its name",
        """
def read_score(score):
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0.5:
        return 1, float(p_class1)
    return 0, float(1 - p_class1)
""",
        hint="For a score of -3.0 it named the",
    ),
    Answer(
        "05.4",
        "wrong",
        "threshold on the probability at 0 instead of 0.5: a probability is alw",
        """
def read_score(score):
    p_class1 = torch.sigmoid(score)
    if p_class1 > 0:
        return classes[1], float(p_class1)
    return classes[0], float(1 - p_class1)
""",
        hint="It always names class 1 ('not_bo'), even for",
    ),
    Answer(
        "05.4",
        "correct",
        "drops the float(): returns a tensor as the probability instead of a nu",
        """
def read_score(score):
    p_class1 = torch.sigmoid(score)
    if score > 0:
        return classes[1], p_class1
    return classes[0], 1 - p_class1
""",
    ),
]

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("05", ANSWERS)
