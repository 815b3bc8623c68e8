"""Deck text to screen text: always literal, never parsed as markup, control characters made visible."""

from __future__ import annotations

from textual.content import Content

from quiz.safe_text import printable


def literal(text: str, style: str = "") -> Content:
    """`text` exactly as written: `[bold]` stays `[bold]`, ESC shows as ␛."""
    content = Content(printable(text))
    return content.stylize(style) if style else content


def join(*parts: Content | str) -> Content:
    """Join pieces; plain str pieces are our own labels, still never parsed as markup."""
    return Content("").join(part if isinstance(part, Content) else Content(part) for part in parts)


def quote(passages: tuple[str, ...]) -> Content:
    """An explanation: the source passages in quotation marks, one per line."""
    return literal("“" + "\n".join(passages) + "”")


def choice_label(index: int, text: str) -> Content:
    """`B. text`, the letter in bold."""
    from quiz.round import LETTERS

    return join(Content(f"{LETTERS[index]}. ").stylize("bold"), literal(text))
