"""Readers: one module per form; each registers its kind with the pipeline."""
