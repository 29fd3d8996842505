"""Comparisons: the same measure for several places, side by side."""
