"""Labels (band 00): the 32-category taxonomy, label tables with 1 / 0 / unknown cells, patient-level splits, the public sources' readers, a hospital's table, and box tables."""
