"""Helpers for the fdl course notebooks: import each from its module, e.g. ``from utils.device import get_device``.

Each lesson writes the code it teaches in its own cells; this package keeps a copy of that code for the
later lessons and the command line (a test checks that the two agree), and the plumbing a learner need
not read. One job per module; the lesson that introduces it is in its docstring.

- settings and hardware: ``config`` (folders and modes), ``device`` (device choice and seeds)
- data: ``registry`` (every file's sources and sha256, from ``registry.txt``), ``downloads`` (fetching and
  checking them), ``datasets`` (the course's data as tensors), ``images`` (opening photos), ``augment``
  (per-image augmentation of batches)
- models and training: ``models`` (the networks, saving and loading them), ``training`` (lesson 01's loop),
  ``history`` (a run's numbers), ``cuda_graphs`` (faster steps on NVIDIA GPUs), ``pretrained`` (ImageNet
  backbones and transfer learning)
- using models: ``sign_reader`` (a photo in, a letter out), ``read_signs`` (the same on the command line),
  ``app`` (the web app of lesson 04b's last section), ``screenshot`` (driving that app in a real browser)
- the course itself: ``exercises`` (the checks), ``plotting``, ``notebook_tools`` (running, cleaning and
  handing out the notebooks), ``benchmark`` and ``course_loop`` (what the lessons cost, and against the
  original course's loop)
"""
