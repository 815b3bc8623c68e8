"""The version of oms-quiz (its own module, so that nothing needs the package root to know it)."""

__version__ = "0.1.0"
