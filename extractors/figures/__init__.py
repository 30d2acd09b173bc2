"""Figures and the arithmetic they claim: numbers read the Vietnamese way, figures with their units,
claims (ratio, share, sum, count) recomputed and judged."""
