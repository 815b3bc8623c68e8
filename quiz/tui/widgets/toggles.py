"""Radio buttons and checkboxes whose state reads without colour (● / ✓ when on), for NO_COLOR and colour-blind users."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class Choice(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "●" if self.value else " "


class Tick(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "✓" if self.value else " "
