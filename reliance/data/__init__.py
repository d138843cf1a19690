"""Data (band 20): what a learner eats. Synthetic phantoms and their domains, the one image preparation, and the one DataLoaders builder."""
