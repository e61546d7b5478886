"""Merging layers: combine a list of inputs of compatible shapes into one tensor."""
