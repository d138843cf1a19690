"""Training (band 30): the typed model contract (`ModelSpec`), timm models and weight transfer, masked losses, training settings, weights-only checkpoints, fastai callbacks, DDP, and the learner."""
