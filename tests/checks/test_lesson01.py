"""The checks of lesson 01 (01_mnist), judged on learners' answers: correct ones in several styles, and
wrong ones each with the phrase its hint must contain. Most answers were written from the task's text
alone, by people who had not read the checks.
"""

from judging import Answer, lesson_tests

ANSWERS = [
    Answer(
        "01.1",
        "correct",
        "plain arithmetic, weights then biases per layer",
        """
n_params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10  # weights and biases of the three Linear layers
""",
    ),
    Answer(
        "01.1",
        "correct",
        "(n_in + 1) * n_out per layer, 28*28 written out",
        """
# each Linear has n_in*n_out weights and n_out biases = (n_in + 1) * n_out
n_params = (28 * 28 + 1) * 512 + (512 + 1) * 512 + (512 + 1) * 10
""",
    ),
    Answer(
        "01.1",
        "correct",
        "loop over layer sizes with zip",
        """
sizes = [784, 512, 512, 10]
n_params = 0
for n_in, n_out in zip(sizes[:-1], sizes[1:]):
    n_params += n_in * n_out + n_out   # weights + biases
print(n_params)
""",
    ),
    Answer(
        "01.1",
        "correct",
        "literal integer after computing on paper",
        """
n_params = 669706  # 401920 + 262656 + 5130
""",
    ),
    Answer(
        "01.1",
        "correct",
        "separate named variables per layer, summed",
        """
layer1 = 784 * 512 + 512
layer2 = 512 * 512 + 512
layer3 = 512 * 10 + 10
n_params = layer1 + layer2 + layer3
""",
    ),
    Answer(
        "01.1",
        "wrong",
        "forgot the biases entirely (only weights counted)",
        """
n_params = 784 * 512 + 512 * 512 + 512 * 10
""",
        hint="668,672 counts the weights only: every `Linear` layer",
    ),
    Answer(
        "01.1",
        "wrong",
        "forgot the bias of the output layer only",
        """
n_params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10
""",
        hint="669,696 leaves out the biases of layer 3,",
    ),
    Answer(
        "01.1",
        "wrong",
        "used 28 instead of 28*28 for the inputs of the first layer",
        """
n_params = 28 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10
""",
        hint="282,634: the first layer takes all 28 x",
    ),
    Answer(
        "01.1",
        "wrong",
        "counted the biases by the inputs (n_in) instead of the outputs",
        """
n_params = 784 * 512 + 784 + 512 * 512 + 512 + 512 * 10 + 512
""",
        hint="670,480 gives each layer one bias per input;",
    ),
    Answer(
        "01.1",
        "wrong",
        "used 24 outputs (the ASL lesson) instead of 10 digits",
        """
n_params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 24 + 24
""",
        hint="676,888 is the count with 24 outputs, lesson",
    ),
    Answer(
        "01.1",
        "wrong",
        "wrote the number as a formatted string with commas",
        """
n_params = "669,706"
""",
        hint="Your `n_params` is '669,706', a piece of text.",
    ),
    Answer(
        "01.1",
        "wrong",
        "left the per-layer counts as a tuple instead of adding them up",
        """
n_params = (784 * 512 + 512, 512 * 512 + 512, 512 * 10 + 10)
""",
        hint="Your `n_params` is a tuple of 3 values;",
    ),
    Answer(
        "01.1",
        "wrong",
        "added the 784 'values' of Flatten as if Flatten learned parameters",
        """
n_params = 784 + 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10
""",
        hint="670,490 also counts the 784 input pixels, which",
    ),
    Answer(
        "01.1",
        "wrong",
        "forgot the second hidden layer (512 -> 512)",
        """
n_params = 784 * 512 + 512 + 512 * 10 + 10
""",
        hint="407,050 leaves out layer 2, `nn.Linear(512, 512)`: count",
    ),
    Answer(
        "01.2",
        "correct",
        "the canonical order zero_grad, backward, step",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()  # 1. clear the gradients of the last step
        loss.backward()        # 2. compute the gradients of this batch's loss
        optimizer.step()       # 3. update the weights
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "correct",
        "zero_grad moved to the top of the loop before the forward pass, set_to",
        '''
def train_one_epoch(model, loader, loss_fn, optimizer):
    """One pass over the training data; returns (mean loss, accuracy)."""
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        optimizer.zero_grad(set_to_none=True)  # start clean
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
''',
    ),
    Answer(
        "01.2",
        "correct",
        "backward, step, then zero_grad at the end of the step (clears for the",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        # first loss.backward(), then optimizer.step(), and optimizer.zero_grad() last so the next batch starts clean
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "correct",
        "model.zero_grad() instead of optimizer.zero_grad() (same parameters)",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        model.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "correct",
        "rewritten loop with enumerate and a batch counter, extra print-free va",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for batch_idx, (images, labels) in enumerate(loader):
        scores = model(images)
        batch_loss = loss_fn(scores, labels)
        optimizer.zero_grad()
        batch_loss.backward()
        optimizer.step()
        n = labels.shape[0]
        loss_sum += batch_loss.item() * n
        correct += (scores.argmax(dim=1) == labels).sum().item()
        seen += n
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "wrong",
        "zero_grad between backward and step: the gradients are wiped before th",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Every time `optimizer.step()` ran there were no gradients",
    ),
    Answer(
        "01.2",
        "wrong",
        "step before backward: the update uses no/old gradients",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        optimizer.step()
        loss.backward()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Every time `optimizer.step()` ran there were no gradients",
    ),
    Answer(
        "01.2",
        "wrong",
        "forgot zero_grad: gradients accumulate across batches",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The gradients are never cleared (`optimizer.zero_grad()` never ran;",
    ),
    Answer(
        "01.2",
        "wrong",
        "forgot optimizer.step(): the weights never change",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The weights never change: `optimizer.step()` never ran. Call",
    ),
    Answer(
        "01.2",
        "wrong",
        "forgot loss.backward(): no gradients, step does nothing",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="No gradients are computed: `loss.backward()` never ran. Call",
    ),
    Answer(
        "01.2",
        "wrong",
        "wrote optimizer.step without parentheses: the method is never called",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The weights never change: `optimizer.step()` never ran. Call",
    ),
    Answer(
        "01.2",
        "wrong",
        "wrote loss.backward without parentheses",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="No gradients are computed: `loss.backward()` never ran. Call",
    ),
    Answer(
        "01.2",
        "wrong",
        "put the whole loop inside torch.no_grad() (confused with validation):",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss = loss_fn(output, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Your `train_one_epoch` raised RuntimeError: element 0 of tensors",
    ),
    Answer(
        "01.2",
        "wrong",
        "changed model.train() to model.eval() (thinks eval is needed to 'evalu",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model ran in evaluation mode during training,",
    ),
    Answer(
        "01.2",
        "wrong",
        "steps correct but returns mean of per-batch mean losses divided by num",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item()
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The weights learn as they should, but it",
    ),
    Answer(
        "01.2",
        "wrong",
        "calls backward on every step but zero_grad only once before the loop:",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    optimizer.zero_grad()
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Your `optimizer.zero_grad()` ran once for 7 batches, so",
    ),
    Answer(
        "01.3",
        "correct",
        "model.eval() and torch.no_grad()",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()  # 1. evaluation mode
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "correct",
        "model.train(False) and torch.inference_mode()",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.train(False)
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.inference_mode():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "correct",
        "torch.set_grad_enabled(False) as the context manager",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.set_grad_enabled(False):
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "correct",
        "eval() called inside the with block, before the loop",
        '''
def validate_one_epoch(model, loader, loss_fn):
    """Mean loss per image and accuracy on the validation data, without learning anything."""
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        model.eval()
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
''',
    ),
    Answer(
        "01.3",
        "correct",
        "no_grad as a decorator on the function",
        """
@torch.no_grad()
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss_sum += loss_fn(output, y).item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "wrong",
        "forgot model.eval() (left the ... line out)",
        """
def validate_one_epoch(model, loader, loss_fn):
    pass  # (evaluation mode?)
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.3",
        "wrong",
        "model.train() instead of model.eval()",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.3",
        "wrong",
        "model.eval without parentheses: never called",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.3",
        "wrong",
        "torch.no_grad without parentheses: TypeError/AttributeError at 'with'",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad:
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Your `torch.no_grad` needs its parentheses: `with torch.no_grad():`.",
    ),
    Answer(
        "01.3",
        "wrong",
        "torch.enable_grad() instead of no_grad: gradients still recorded",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.enable_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Gradients were being recorded, which costs memory and",
    ),
    Answer(
        "01.3",
        "wrong",
        "model.eval() placed at the end, after the loop (wrong place): validati",
        """
def validate_one_epoch(model, loader, loss_fn):
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    model.eval()
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.3",
        "wrong",
        "used model.requires_grad_(False) instead of torch.no_grad(): weights a",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    model.requires_grad_(False)  # no gradients
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss_sum += loss_fn(output, y).item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="It switched the weights' gradients off for good",
    ),
    Answer(
        "01.3",
        "wrong",
        "mean of per-batch means: divides the sum of batch mean losses by the n",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    losses, accs = [], []
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            losses.append(loss_fn(output, y).item())
            accs.append((output.argmax(dim=1) == y).float().mean().item())
    return sum(losses) / len(losses), sum(accs) / len(accs)
""",
        hint="It returned the mean of the batches' means;",
    ),
    Answer(
        "01.3",
        "wrong",
        "eval inside the loop and also model.train() at the end of every batch",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
            model.train()
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.1",
        "correct",
        "plain arithmetic, layer by layer, weights then biases",
        """
n_params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10  # weights and biases of the three Linear layers
""",
    ),
    Answer(
        "01.1",
        "correct",
        "(n_in + 1) * n_out per layer, with named variables",
        """
# each output neuron has n_in weights and one bias -> (n_in + 1) * n_out
layer1 = (28 * 28 + 1) * 512
layer2 = (512 + 1) * 512
layer3 = (512 + 1) * 10
n_params = layer1 + layer2 + layer3
print(n_params)
""",
    ),
    Answer(
        "01.1",
        "correct",
        "list of (n_in, n_out) pairs and a generator sum",
        """
sizes = [(784, 512), (512, 512), (512, 10)]
n_params = sum(n_in * n_out + n_out for n_in, n_out in sizes)
""",
    ),
    Answer(
        "01.1",
        "correct",
        "separate weight and bias totals, plus a sanity assert on the bias tota",
        """
weights = 28*28*512 + 512*512 + 512*10
biases = 512 + 512 + 10
n_params = weights + biases
assert biases == 1034 and n_params > weights
""",
    ),
    Answer(
        "01.1",
        "correct",
        "the number written out after doing it on paper",
        """
# 401408 + 512 + 262144 + 512 + 5120 + 10
n_params = 669706
""",
    ),
    Answer(
        "01.1",
        "wrong",
        "forgot the biases: only the weights are counted",
        """
n_params = 784 * 512 + 512 * 512 + 512 * 10  # weights and biases of the three Linear layers
""",
        hint="668,672 counts the weights only: every `Linear` layer",
    ),
    Answer(
        "01.1",
        "wrong",
        "wrote 28 + 28 instead of 28 * 28 for the flattened input",
        """
n_params = (28 + 28) * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10
""",
        hint="296,970 is 372,736 too few. For each `Linear(n_in,",
    ),
    Answer(
        "01.1",
        "wrong",
        "left out the second hidden layer (512 -> 512)",
        """
n_params = 784 * 512 + 512 + 512 * 10 + 10
""",
        hint="407,050 leaves out layer 2, `nn.Linear(512, 512)`: count",
    ),
    Answer(
        "01.1",
        "wrong",
        "counted one bias per INPUT instead of per output",
        """
n_params = 784 * 512 + 784 + 512 * 512 + 512 + 512 * 10 + 512
""",
        hint="670,480 gives each layer one bias per input;",
    ),
    Answer(
        "01.1",
        "wrong",
        "a trailing comma makes n_params a tuple, not a number",
        """
n_params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10,
""",
        hint="Your `n_params` is a tuple of 1 value;",
    ),
    Answer(
        "01.1",
        "wrong",
        "answer given as a string",
        """
n_params = "784*512 + 512 + 512*512 + 512 + 512*10 + 10"
""",
        hint="Your `n_params` is '784*512 + 512 + 512*512",
    ),
    Answer(
        "01.1",
        "wrong",
        "counted neurons (units) instead of parameters",
        """
n_params = 784 + 512 + 512 + 10  # one number per neuron?
""",
        hint="1,818 is 667,888 too few. For each `Linear(n_in,",
    ),
    Answer(
        "01.1",
        "wrong",
        "used 24 outputs (the ASL count) instead of 10 digits",
        """
n_params = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 24 + 24
""",
        hint="676,888 is the count with 24 outputs, lesson",
    ),
    Answer(
        "01.2",
        "correct",
        "the three calls in the standard order, with the scaffold's comments",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()  # 1. clear the gradients of the last step
        loss.backward()        # 2. compute the gradients of this batch's loss
        optimizer.step()       # 3. update the weights
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "correct",
        "zero_grad moved to the top of the loop before the forward pass, set_to",
        '''
def train_one_epoch(model, loader, loss_fn, optimizer):
    """One pass over the loader. Calls optimizer.zero_grad(), loss.backward() and optimizer.step() per batch."""
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        optimizer.zero_grad(set_to_none=True)
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
''',
    ),
    Answer(
        "01.2",
        "correct",
        "model.zero_grad() instead of optimizer.zero_grad() (same parameters)",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for xb, yb in loader:
        out = model(xb)
        loss = loss_fn(out, yb)
        model.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(yb)
        correct += (out.argmax(dim=1) == yb).sum().item()
        seen += len(yb)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "correct",
        "zero_grad once before the loop and then after every step (backward, st",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    optimizer.zero_grad()  # start clean
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()        # gradients of this batch
        optimizer.step()       # move the weights
        optimizer.zero_grad()  # and clear for the next batch
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "correct",
        "the three calls plus a harmless gradient-norm print on the first batch",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for i, (x, y) in enumerate(loader):
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        if i == 0:
            total = sum(float(p.grad.norm()) for p in model.parameters() if p.grad is not None)
            print("first batch, gradient norm sum:", total)
        optimizer.step()
        loss_sum += float(loss) * len(y)
        correct += int((output.argmax(dim=1) == y).sum())
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.2",
        "wrong",
        "backward before zero_grad: the fresh gradients are wiped before step",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Every time `optimizer.step()` ran there were no gradients",
    ),
    Answer(
        "01.2",
        "wrong",
        "step before backward: the update uses cleared (empty) gradients",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        optimizer.step()
        loss.backward()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Every time `optimizer.step()` ran there were no gradients",
    ),
    Answer(
        "01.2",
        "wrong",
        "never clears the gradients, so they pile up from batch to batch",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        # gradients are overwritten anyway?
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The gradients are never cleared (`optimizer.zero_grad()` never ran;",
    ),
    Answer(
        "01.2",
        "wrong",
        "optimizer.zero_grad written without parentheses: it is never called, g",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The gradients are never cleared (`optimizer.zero_grad()` never ran;",
    ),
    Answer(
        "01.2",
        "wrong",
        "forgot optimizer.step(): gradients are computed but the weights never",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        # 3. update the weights -- done by backward?
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The weights never change: `optimizer.step()` never ran. Call",
    ),
    Answer(
        "01.2",
        "wrong",
        "loss.backward written without parentheses: no gradients, step does not",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="No gradients are computed: `loss.backward()` never ran. Call",
    ),
    Answer(
        "01.2",
        "wrong",
        "changed model.train() to model.eval() (copied from validation)",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model ran in evaluation mode during training,",
    ),
    Answer(
        "01.2",
        "wrong",
        "zero_grad between backward and step (clears the gradients right before",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.zero_grad()  # tidy up
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Every time `optimizer.step()` ran there were no gradients",
    ),
    Answer(
        "01.2",
        "wrong",
        "the three calls are right but the function returns the loss summed, no",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum, correct / seen
""",
        hint="The weights learn as they should, but it",
    ),
    Answer(
        "01.3",
        "correct",
        "model.eval() and with torch.no_grad(), the scaffold filled in",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()  # 1. evaluation mode
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():  # 2. no gradients
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "correct",
        "model.train(False) and torch.inference_mode()",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.train(False)  # same as eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.inference_mode():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "correct",
        "torch.set_grad_enabled(False) as the context, docstring naming no_grad",
        '''
def validate_one_epoch(model, loader, loss_fn):
    """Validation: turn off dropout etc. with eval(), no gradient recording (like no_grad)."""
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.set_grad_enabled(False):
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
''',
    ),
    Answer(
        "01.3",
        "correct",
        "decorated with @torch.no_grad() and also the with block",
        """
@torch.no_grad()
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    assert not model.training
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "correct",
        "eval() after initialising the counters, torch.where-free rewrite with",
        """
def validate_one_epoch(model, loader, loss_fn):
    loss_sum, correct, seen = 0.0, 0, 0
    model.eval()
    with torch.no_grad():
        for images, labels in loader:
            scores = model(images)
            loss_sum += float(loss_fn(scores, labels)) * labels.shape[0]
            correct += int(scores.argmax(1).eq(labels).sum())
            seen += labels.shape[0]
    return loss_sum / seen, correct / seen
""",
    ),
    Answer(
        "01.3",
        "wrong",
        "model.train() instead of model.eval(): dropout/BatchNorm stay in train",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.3",
        "wrong",
        "model.eval without parentheses: the mode never changes",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.3",
        "wrong",
        "torch.enable_grad() instead of no_grad(): gradients are recorded",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.enable_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Gradients were being recorded, which costs memory and",
    ),
    Answer(
        "01.3",
        "wrong",
        "forgot the evaluation mode entirely (only no_grad)",
        """
def validate_one_epoch(model, loader, loss_fn):
    # no_grad is enough
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.3",
        "wrong",
        "indentation slip: the loop runs after the with block has ended, so gra",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        pass
    for x, y in loader:
        output = model(x)
        loss_sum += loss_fn(output, y).item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Gradients were being recorded, which costs memory and",
    ),
    Answer(
        "01.3",
        "wrong",
        "turns off requires_grad on every parameter instead of no_grad: the mod",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    for p in model.parameters():
        p.requires_grad = False  # no gradients
    for x, y in loader:
        output = model(x)
        loss_sum += loss_fn(output, y).item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="It switched the weights' gradients off for good",
    ),
    Answer(
        "01.3",
        "wrong",
        "wrote `with torch.no_grad:` without parentheses (the class, not an ins",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad:
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="Your `torch.no_grad` needs its parentheses: `with torch.no_grad():`.",
    ),
    Answer(
        "01.3",
        "wrong",
        "mean loss per batch instead of per image: divides by the number of bat",
        """
def validate_one_epoch(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    return loss_sum / len(loader), correct / seen
""",
        hint="It returned a loss of 27.1713 and an",
    ),
    Answer(
        "01.3",
        "wrong",
        "model.eval() called only at the very end, after the loop",
        """
def validate_one_epoch(model, loader, loss_fn):
    loss_sum, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            output = model(x)
            loss_sum += loss_fn(output, y).item() * len(y)
            correct += (output.argmax(dim=1) == y).sum().item()
            seen += len(y)
    model.eval()
    return loss_sum / seen, correct / seen
""",
        hint="The model was still in training mode, so",
    ),
    Answer(
        "01.2",
        "wrong",
        "optimizer.step() called twice per batch (once more 'for good measure')",
        """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        output = model(x)
        loss = loss_fn(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (output.argmax(dim=1) == y).sum().item()
        seen += len(y)
    return loss_sum / seen, correct / seen
""",
        hint="There were 7 calls of `loss.backward()` and 14",
    ),
]

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("01", ANSWERS)
