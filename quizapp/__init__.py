"""quizapp: interview drills, hand-written normalization layers and mock interviews."""

__version__ = "0.1.0"
