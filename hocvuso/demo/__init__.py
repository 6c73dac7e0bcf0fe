"""Demo data: a synthetic population on the real communes of An Giang."""
