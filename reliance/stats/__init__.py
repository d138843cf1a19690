"""Statistics (band 40): AUCs with DeLong/bootstrap CIs, paired and unpaired tests, thresholds and pROC's coords, partial AUC, power, calibration, subgroups, external validation, and their plots.

Pure: this band works on arrays and DataFrames only. It imports no torch, no fastai and nothing from the bands above it (checked in CI)."""
