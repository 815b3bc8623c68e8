"""The choices widget on its own, driven as a user drives it: keys, the mouse, long and hostile labels."""

from __future__ import annotations

import dataclasses

from rich.style import Style as RichStyle
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from quiz.tui.render import choice_label
from quiz.tui.widgets.choices import Choices

SHORT = ["Infection", "Neuroblastoma", "Head injury", "A gene defect"]


class ChoicesApp(App[None]):
    CSS_PATH = "../quiz/tui/widgets/choices.tcss"

    def __init__(self, texts: list[str], above: int = 0) -> None:
        super().__init__()
        self.texts = texts
        self.above = above
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="body"):
            yield Static("\n".join(f"line {n}" for n in range(self.above)) if self.above else "top", id="above")
            yield Choices(id="choices")

    def on_mount(self) -> None:
        choices = self.query_one(Choices)
        choices.show([choice_label(i, text) for i, text in enumerate(self.texts)], highlighted=0)
        choices.focus()

    def on_choices_selected(self, event: Choices.Selected) -> None:
        self.selected.append(event.index)


def lines(choices: Choices) -> list[str]:
    """What the widget shows, line by line (its content, without the border)."""
    return [choices.render_line(y).text.rstrip() for y in range(choices.content_region.height)]


def first_style(strip: Strip) -> RichStyle:
    style = next(iter(strip)).style
    assert style is not None
    return style


def highlighted_lines(choices: Choices) -> list[int]:
    """The content lines drawn in the cursor's style."""
    bar = choices.get_visual_style("choices--highlighted").rich_style.bgcolor
    return [y for y in range(choices.content_region.height) if first_style(choices.render_line(y)).bgcolor == bar]


async def test_arrow_home_end_and_page_keys_move_the_cursor_and_stop_at_the_ends() -> None:
    app = ChoicesApp(SHORT)
    async with app.run_test(size=(60, 20)) as pilot:
        choices = app.query_one(Choices)
        assert choices.highlighted == 0 and highlighted_lines(choices) == [0]
        await pilot.press("down", "down")
        assert choices.highlighted == 2 and highlighted_lines(choices) == [2]
        await pilot.press("down", "down", "down")
        assert choices.highlighted == 3  # no wrap past the last
        await pilot.press("home")
        assert choices.highlighted == 0
        await pilot.press("up")
        assert choices.highlighted == 0
        await pilot.press("pagedown")
        assert choices.highlighted == 3
        await pilot.press("pageup")
        assert choices.highlighted == 0
        await pilot.press("end")
        assert choices.highlighted == 3 and highlighted_lines(choices) == [3]


async def test_a_click_on_any_line_of_a_wrapped_choice_selects_that_choice() -> None:
    long = "A paraneoplastic process, often due to lung or breast cancer, in adults; an infection in children"
    app = ChoicesApp([SHORT[0], long, SHORT[2]])
    async with app.run_test(size=(40, 20)) as pilot:
        choices = app.query_one(Choices)
        shown = lines(choices)
        assert len(shown) >= 5 and all(len(line) <= choices.content_region.width for line in shown)
        assert " ".join(" ".join(shown).split()) == f"A. {SHORT[0]} B. {long} C. {SHORT[2]}"  # wrapped, nothing cut
        # offsets inside the widget: the border is line 0, padding one column
        await pilot.click(Choices, offset=(3, 3))  # the second line of choice B
        await pilot.pause()
        assert app.selected == [1] and choices.highlighted == 1
        await pilot.click(Choices, offset=(3, len(shown)))  # the last line: choice C
        await pilot.pause()
        assert app.selected == [1, 2]
        await pilot.click(Choices, offset=(3, 0))  # the border chooses nothing
        await pilot.pause()
        assert app.selected == [1, 2]


async def test_the_mouse_over_a_choice_marks_it_and_leaving_takes_the_mark_away() -> None:
    app = ChoicesApp(SHORT)
    async with app.run_test(size=(60, 20)) as pilot:
        choices = app.query_one(Choices)
        await pilot.hover(Choices, offset=(4, 3))
        assert choices.hovered == 2
        hover = choices.get_visual_style("choices--hover").rich_style.bgcolor
        assert first_style(choices.render_line(2)).bgcolor == hover
        await pilot.hover("#above")
        assert choices.hovered is None


async def test_markup_in_a_choice_is_shown_as_written() -> None:
    app = ChoicesApp(["[/] closes nothing", "[bold]not bold[/bold]", "[link=x]y", "plain"])
    async with app.run_test(size=(60, 20)):
        shown = lines(app.query_one(Choices))
        assert shown[:3] == ["A. [/] closes nothing", "B. [bold]not bold[/bold]", "C. [link=x]y"]


async def test_the_cursor_moved_off_screen_scrolls_into_view() -> None:
    long = "A choice long enough to take three lines of the box at this width, so that four of them overflow"
    app = ChoicesApp([long] * 4, above=8)
    async with app.run_test(size=(40, 14)) as pilot:
        body = app.query_one("#body", VerticalScroll)
        choices = app.query_one(Choices)
        assert body.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        first, count = choices._span(3)
        top = choices.region.y + 1 + first  # on screen: the border, then the lines before it
        assert body.scroll_y > 0 and body.region.y <= top and top + count <= body.region.bottom
        await pilot.press("home")
        await pilot.pause()
        assert choices.region.y >= body.region.y  # the first choice and the box's top border are back in view


async def test_new_labels_reset_the_cursor_and_a_prepared_label_shows_as_drawn() -> None:
    app = ChoicesApp(SHORT)
    async with app.run_test(size=(60, 20)) as pilot:
        choices = app.query_one(Choices)
        await pilot.press("down")
        marked = [choice_label(i, text) for i, text in enumerate(["one", "two"])]
        choices.prepare(marked)
        choices.show(marked, highlighted=None)
        await pilot.pause()
        assert choices.highlighted is None and highlighted_lines(choices) == []
        assert lines(choices) == ["A. one", "B. two"]
        assert choices.content_region.height == 2


async def test_a_new_theme_redraws_the_marks_in_its_colours() -> None:
    """Even a theme that differs only in the marks' colour: the lines drawn before are not reused."""
    app = ChoicesApp(SHORT)
    async with app.run_test(size=(60, 20)) as pilot:
        choices = app.query_one(Choices)
        marked = [choice_label(0, "right").stylize("$success"), *choices.labels[1:]]
        choices.show(marked, highlighted=None)
        await pilot.pause()
        before = first_style(choices.render_line(0)).color
        app.register_theme(dataclasses.replace(app.current_theme, name="other-success", success="#ff00ff"))
        app.theme = "other-success"
        await pilot.pause()
        after = first_style(choices.render_line(0)).color
        assert before is not None and after is not None and after.triplet is not None
        assert tuple(after.triplet) == (255, 0, 255) != tuple(before.triplet or ())


def on_screen(choices: Choices) -> list[Strip]:
    """The widget's lines as the screen has them (border included), from what was drawn before where nothing changed."""
    return choices.render_lines(Region(0, 0, choices.outer_size.width, choices.outer_size.height))


async def test_marking_the_same_choices_redraws_the_lines_that_change_and_the_cursor_leaves() -> None:
    """Labels of the same shape are drawn again only where they change: the line the cursor leaves is one of them."""
    app = ChoicesApp(SHORT)
    async with app.run_test(size=(60, 20)) as pilot:
        choices = app.query_one(Choices)
        await pilot.press("down", "down")
        await pilot.pause()
        bar = choices.get_visual_style("choices--highlighted").rich_style.bgcolor
        assert first_style(on_screen(choices)[1 + 2].crop(2)).bgcolor == bar  # under the border, inside it: choice C
        marked = list(choices.labels)
        marked[1] = choice_label(1, "Neuroblastoma  (correct answer)")
        choices.show(marked, highlighted=None)
        await pilot.pause()
        drawn = on_screen(choices)
        assert [first_style(line.crop(2)).bgcolor for line in drawn[1:5]].count(bar) == 0
        assert [line.text.strip(" │") for line in drawn[1:5]] == [
            "A. Infection",
            "B. Neuroblastoma  (correct answer)",
            "C. Head injury",
            "D. A gene defect",
        ]
