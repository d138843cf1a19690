"""Inference (band 70): using a trained model. Predict and export, the triage worklist, explorers, Grad-CAM, similar-case retrieval, and localisation."""
