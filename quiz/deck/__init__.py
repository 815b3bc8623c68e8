"""The deck loader: a folder's files read (read), parsed and validated (parse), cached (cache), loaded (load)."""

from __future__ import annotations

from quiz.deck.load import load_deck
from quiz.deck.read import DECK_FILE, deck_folder_of, question_files

__all__ = ["DECK_FILE", "deck_folder_of", "load_deck", "question_files"]
