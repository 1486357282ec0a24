"""cnncalc: the arithmetic of convolutional networks, layer by layer."""

__version__ = "0.1.0"
