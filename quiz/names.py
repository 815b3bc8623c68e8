"""The words the command line and the score file share: modes and filters (no imports, so `--version` stays fast)."""

MODES = ("practice", "exam", "review")
FILTERS = ("all", "unseen", "missed", "flagged")
