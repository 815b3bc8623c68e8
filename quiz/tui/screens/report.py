"""A modal with a ready-to-paste problem report, copied to the clipboard where the terminal allows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class ReportScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,r", "dismiss", "Close", id="close", tooltip="Close the report"),
        Binding("c", "copy", "Copy", id="copy", tooltip="Copy the report to the clipboard"),
    ]

    def __init__(self, report: str) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Report a problem with this question", id="report-title")
            yield Static(
                "Paste this into a new issue (form: “Wrong question”). c copies it again · Esc closes.",
                id="report-help",
            )
            yield TextArea(self.report, read_only=True, id="report-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.action_copy()

    def action_copy(self) -> None:
        # OSC 52: terminals that allow it put this on the system clipboard; others ignore it.
        self.app.copy_to_clipboard(self.report)
        self.notify("Report copied to the clipboard (if your terminal allows it).", timeout=3)
