"""Studies (band 60): many trainings compared. Hyper-parameter search, the augmentation study, adaptation to a new domain, and active learning."""
