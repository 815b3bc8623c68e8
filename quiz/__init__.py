"""oms-quiz: self-test on opsoclonus-myoclonus syndrome in the terminal."""

__version__ = "0.1.0"
