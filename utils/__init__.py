"""The package behind the fdl course's notebooks: import each piece from its module, e.g.
``from utils.training import fit``.

Each lesson writes the code it teaches in its own cells; this package keeps a copy of that code for the
later lessons, the command line and the web app (a ``# lesson-defines`` test keeps the two in agreement),
and the plumbing a learner need not read. It comes in layers, each importing only the ones below it:

- the lesson layer, one module per idea in lesson order: ``data`` (01-05), ``networks`` (01-06),
  ``training`` (the loop, ``fit`` and a run's ``History``, 01-02), ``plotting`` (01), ``augment`` (04a),
  ``sign_reader`` (reading photos, 04b), ``pretrained`` (ImageNet networks and transfer learning, 05),
  ``real_hands`` (real photos of hands and the capstone's grader, 04b and 06);
- ``plumbing``: settings, device, one-line errors, atomic writes, opening images, downloads and their
  registry, CUDA graphs, the model-file format; it imports nothing from the lesson layer;
- ``checks``: the exercises' checks, one module per lesson on shared machinery;
- ``app``: the web app and the command line that read photos with the saved models;
- ``tools``: the notebook runner, the benchmark, screenshots, ``make data``; nothing imports them.
"""
