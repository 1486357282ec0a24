"""The calculator: pure formulas and the pass that applies them layer by layer."""
