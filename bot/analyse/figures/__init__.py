"""Figures: numbers in sentences, read with their metric, place, period and kind."""
