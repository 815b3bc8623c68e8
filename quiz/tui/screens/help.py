"""The keys of the screen underneath, its own first, grouped by where they act; Esc or ? closes it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

Group = tuple[str, list[tuple[str, str]]]


def key_groups(screen: Screen[object]) -> list[Group]:
    """(title, [(keys, what they do)]) for the screen's own keys, then its focused widget's, then the app's."""
    app = screen.app
    inherited = {(b.key, b.action) for b in Binding.make_bindings(Screen.BINDINGS)}  # Textual's own: focus, copy
    titles = ("This screen", "In the part with the cursor", "Anywhere", "Focus and copying")
    groups: dict[str, dict[str, tuple[list[str], str]]] = {title: {} for title in titles}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.key == app.COMMAND_PALETTE_BINDING or not (binding.description or binding.tooltip):
            continue
        if (binding.key, binding.action) in inherited:
            title = "Focus and copying"
        elif active.node is app:
            title = "Anywhere"
        else:
            title = "This screen" if active.node is screen else "In the part with the cursor"
        keys, text = groups[title].setdefault(binding.action, ([], binding.tooltip or binding.description))
        if binding.tooltip and text != binding.tooltip:  # the key that says most about it
            groups[title][binding.action] = (keys, binding.tooltip)
        shown = app.get_key_display(Binding(key, binding.action))
        if shown not in keys:
            keys.append(shown)
    found = [(title, [(" ".join(keys), text) for keys, text in groups[title].values()]) for title in titles if groups[title]]
    if app.ENABLE_COMMAND_PALETTE:
        palette = ("^p", "Command palette: start a round or an exam, statistics, source, theme")
        anywhere = next((items for title, items in found if title == "Anywhere"), None)
        if anywhere is None:
            found.insert(len([t for t, _ in found if t != "Focus and copying"]), ("Anywhere", [palette]))
        else:
            anywhere.append(palette)
    return found


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark", "dismiss", "Close", id="close-help", tooltip="Close this list of keys")]

    def __init__(self, groups: list[Group]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        width = max((len(keys) for _, items in self.groups for keys, _ in items), default=4) + 2
        with VerticalScroll(id="help-dialog"):
            yield Static("Keys (Esc or ? closes this)", id="help-title")
            for title, items in self.groups:
                yield Static(Content(title).stylize("bold"), classes="help-group")
                for keys, text in items:
                    key = Static(Content(keys).stylize("bold $accent"), classes="help-key")
                    key.styles.width = width
                    yield Horizontal(key, Static(Content(text), classes="help-text"), classes="help-row")
