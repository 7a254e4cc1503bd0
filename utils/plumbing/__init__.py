"""The course's plumbing: what every lesson relies on and no learner needs to read.

Settings (``settings``), the device and seeds (``device``), one-line errors (``errors``), atomic writes
(``atomic``), opening photos (``images``), downloads and the registry of data files (``downloads``,
``registry``), CUDA graphs behind ``fit`` (``cuda_graphs``), and the format of saved models with its
registry of architectures (``checkpoints``). Nothing here imports the lesson modules above it; they
register into the registries here instead.
"""
