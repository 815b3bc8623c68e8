"""Headless Pilot tests of the session builder on the start screen: one widget, drawn as text.

What is checked is what the user sees: the rows as drawn, the value under the cursor (drawn in the
cursor's colours), the line saying which questions match, the start button, and the round it starts.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from quiz.deck import load_deck
from quiz.plan import Plan
from quiz.store import ScoreStore
from quiz.tui.app import QuizApp
from quiz.tui.screens.start import StartScreen
from quiz.tui.widgets.session_builder import SessionBuilder
from tests.conftest import quiz_app, row
from tests.test_polish import help_lines

from .conftest import DECK_YAML, GOOD_QUESTION
from .test_modes_tui import SIZE, builder_of, button, button_disabled, chosen, click, make_app, shown
from .test_modes_tui import start as start_round
from .test_stats import small_deck

EVERYTHING = "6 questions match: every question in all topics."
NAMES = "Topics     [✓] Names (3)                    [✓] Clinical features (3)"


def drawn(builder: SessionBuilder) -> list[str]:
    """The builder's lines as it draws them into its region, without colour."""
    strips = builder.render_lines(Region(0, 0, builder.size.width, builder.size.height))
    return [strip.text.rstrip() for strip in strips]


def under_cursor(builder: SessionBuilder) -> str:
    """The text drawn in the cursor's colours: what left, right and space act on ("" if none)."""
    strips = builder.render_lines(Region(0, 0, builder.size.width, builder.size.height))
    label = next(iter(strips[0])).style  # the "Mode" label is never under the cursor
    base = label.bgcolor if label is not None else None
    runs: list[str] = []
    for strip in strips:
        run = ""
        for segment in strip:
            if segment.style is not None and segment.style.bgcolor != base:
                run += segment.text
            elif run:
                runs.append(run)
                run = ""
        if run:
            runs.append(run)
    assert len(runs) <= 1, runs  # one cursor
    return runs[0] if runs else ""


async def on_start(app: QuizApp, pilot: Pilot[None]) -> tuple[StartScreen, SessionBuilder]:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StartScreen)
    return screen, builder_of(screen)


async def press_together(pilot: Pilot[None], *keys: str) -> None:
    """Keys typed faster than the app answers: all queued before any is handled, as a terminal
    delivers them when they arrive in one read (Pilot.press waits for the app after each key)."""
    characters = {"plus": "+", "minus": "-", "space": " "}
    for key in keys:
        pilot.app.post_message(events.Key(key, characters.get(key, key if len(key) == 1 else None)))
    await pilot.pause()


# --- the cursor -----------------------------------------------------------------------------


async def test_the_builder_has_focus_and_up_down_move_its_cursor_round_and_round(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        screen, builder = await on_start(app, pilot)
        assert app.focused is builder
        assert builder.items == ["mode", "filter", "topic:names", "topic:clinical-features", "count"]
        # in reading order: the chosen mode, the chosen filter, each topic, the count
        order = ["(●) Practice", "(●) All", "[✓] Names (3)", "[✓] Clinical features (3)", "◀ 3 ▶"]
        assert under_cursor(builder) == order[0]
        for expected in [*order[1:], order[0]]:  # down from the last wraps to the first
            await pilot.press("down")
            assert under_cursor(builder) == expected
        await pilot.press("up")  # up from the first wraps to the last
        assert under_cursor(builder) == "◀ 3 ▶"
        await pilot.press("up", "up")
        assert under_cursor(builder) == "[✓] Names (3)"
        await pilot.press("k")
        assert under_cursor(builder) == "(●) All"
        await pilot.press("j", "j")
        assert under_cursor(builder) == "[✓] Clinical features (3)"
        # moving changes nothing
        assert app.session.plan == Plan(count=3) and shown(screen, "#matching") == EVERYTHING

        # in exam mode the time limit is one more stop, after the count
        await pilot.press("m")
        assert builder.items[-1] == "limit"
        await pilot.press("down", "down")
        assert under_cursor(builder) == "Time limit: none"
        await pilot.press("down")
        assert under_cursor(builder) == "(●) Exam"
        await pilot.press("up")
        assert under_cursor(builder) == "Time limit: none"
        # leaving exam mode takes the time limit away, and the cursor with it onto the count
        await pilot.press("m")
        assert "Time limit" not in row(builder, "count")
        assert under_cursor(builder) == "◀ 3 ▶"


async def test_the_cursor_shows_only_while_the_builder_has_focus(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        _, builder = await on_start(app, pilot)
        await pilot.press("down")
        assert under_cursor(builder) == "(●) All"
        builder.blur()
        await pilot.pause()
        assert under_cursor(builder) == ""
        builder.focus()
        await pilot.pause()
        assert under_cursor(builder) == "(●) All"  # where it was


# --- left and right -------------------------------------------------------------------------


async def test_left_and_right_change_mode_and_filter(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        screen, builder = await on_start(app, pilot)
        for key, mode in [("right", "Exam"), ("right", "Review"), ("right", "Practice"), ("left", "Review"), ("left", "Exam")]:
            await pilot.press(key)
            assert chosen(row(builder, "mode")) == [mode] and app.session.plan.mode == mode.lower()
            assert under_cursor(builder) == f"(●) {mode}"  # the cursor follows the choice
        assert button(screen) == "Start exam (Enter)"
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6   Time limit: none"

        await pilot.press("down")
        filters = [
            ("left", "Flagged", "No questions match: questions you flagged in all topics. Choose other topics or another filter."),
            ("right", "All", EVERYTHING),
            ("right", "Unseen", "6 questions match: questions you have never answered in all topics."),
            (
                "right",
                "Missed",
                "No questions match: questions you answered wrong last time in all topics. Choose other topics or another filter.",
            ),
        ]
        for key, name, message in filters:
            await pilot.press(key)
            assert chosen(row(builder, "filter")) == [name] and app.session.plan.filter == name.lower()
            assert under_cursor(builder) == f"(●) {name}"
            assert shown(screen, "#matching") == message
        assert chosen(row(builder, "mode")) == ["Exam"]  # the other row is left alone


async def test_left_and_right_change_the_count_and_the_time_limit(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck), Plan(mode="exam", count=3))
    async with app.run_test(size=SIZE) as pilot:
        _, builder = await on_start(app, pilot)
        await pilot.press("up", "up")
        assert under_cursor(builder) == "◀ 3 ▶"
        await pilot.press("right")
        assert row(builder, "count") == "Questions  ◀ 4 ▶ of 6   Time limit: none"
        await pilot.press("right", "right", "right")  # never more than match
        assert row(builder, "count") == "Questions  ◀ 6 ▶ of 6   Time limit: none"
        for _ in range(7):
            await pilot.press("left")
        assert row(builder, "count") == "Questions  ◀ 1 ▶ of 6   Time limit: none"  # never fewer than one
        await pilot.press("right")
        assert app.session.plan.count == 2

        await pilot.press("down")
        assert under_cursor(builder) == "Time limit: none"
        for key, label, minutes in [
            ("right", "5 min", 5),
            ("right", "10 min", 10),
            ("left", "5 min", 5),
            ("left", "none", None),
            ("left", "60 min", 60),
        ]:
            await pilot.press(key)
            assert row(builder, "count") == f"Questions  ◀ 2 ▶ of 6   Time limit: {label}"
            assert app.session.plan.minutes == minutes
        await pilot.press("right", "right")  # round past 60 to none and on
        assert row(builder, "count").endswith("Time limit: 5 min")

        question = await start_round(pilot)
        assert question.round.total == 2 and question.round.minutes == 5


async def test_left_and_right_on_a_topic_move_along_the_topics_without_ticking(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        screen, builder = await on_start(app, pilot)
        await pilot.press("down", "down")
        assert under_cursor(builder) == "[✓] Names (3)"
        await pilot.press("right")
        assert under_cursor(builder) == "[✓] Clinical features (3)"
        await pilot.press("left")
        assert under_cursor(builder) == "[✓] Names (3)"
        assert row(builder, "topics") == NAMES and app.session.plan.topics is None
        assert shown(screen, "#matching") == EVERYTHING


# --- topics ---------------------------------------------------------------------------------


async def test_space_toggles_the_topic_under_the_cursor_and_the_match_line_follows(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        screen, builder = await on_start(app, pilot)
        await pilot.press("down", "down", "space")
        assert row(builder, "topics") == "Topics     [ ] Names (3)                    [✓] Clinical features (3)"
        assert under_cursor(builder) == "[ ] Names (3)"
        assert shown(screen, "#matching") == "3 questions match: every question in Clinical features."
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 3"
        await pilot.press("space")
        assert row(builder, "topics") == NAMES and app.session.plan.topics is None
        assert shown(screen, "#matching") == EVERYTHING
        await pilot.press("down", "space")
        assert row(builder, "topics") == "Topics     [✓] Names (3)                    [ ] Clinical features (3)"
        assert shown(screen, "#matching") == "3 questions match: every question in Names."
        question = await start_round(pilot)
        assert {i.question.topic for i in question.round.items} == {"names"}


async def test_space_on_a_choice_steps_it_on(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        _, builder = await on_start(app, pilot)
        await pilot.press("space")
        assert chosen(row(builder, "mode")) == ["Exam"]
        await pilot.press("down", "space")
        assert chosen(row(builder, "filter")) == ["Unseen"]
        assert row(builder, "topics") == NAMES


async def test_unticking_every_topic_leaves_nothing_to_ask(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        screen, builder = await on_start(app, pilot)
        await pilot.press("down", "down", "space", "down", "space")
        assert row(builder, "topics") == "Topics     [ ] Names (3)                    [ ] Clinical features (3)"
        assert shown(screen, "#matching") == (
            "No questions match: every question in no topic (choose at least one). Choose other topics or another filter."
        )
        assert shown(screen, "#start-button") == " Nothing to ask "
        assert button_disabled(screen)
        assert row(builder, "count") == "Questions  ◀ 0 ▶ of 0"
        await pilot.press("down", "right")  # no count to change
        assert row(builder, "count") == "Questions  ◀ 0 ▶ of 0"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and app.session.round is None
        # ticking one again offers its questions again
        await pilot.press("up", "space")
        assert shown(screen, "#matching") == "3 questions match: every question in Clinical features."
        assert button(screen) == "Start practice (Enter)" and not button_disabled(screen)
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 3"
        question = await start_round(pilot)
        assert question.round.total == 3


# --- keys pressed faster than the screen answers --------------------------------------------


async def test_two_quick_presses_move_two_steps(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=SIZE) as pilot:
        screen, builder = await on_start(app, pilot)
        await press_together(pilot, "right", "right")
        assert chosen(row(builder, "mode")) == ["Review"] and app.session.plan.mode == "review"
        assert button(screen) == "Start review (Enter)"
        await press_together(pilot, "down", "right", "right")
        assert chosen(row(builder, "filter")) == ["Missed"] and app.session.plan.filter == "missed"
        await press_together(pilot, "left", "left")
        assert app.session.plan.filter == "all" and shown(screen, "#matching").startswith("Nothing is due yet")
        await press_together(pilot, "down", "space", "right", "space")
        assert row(builder, "topics") == "Topics     [ ] Names (3)                    [ ] Clinical features (3)"
        assert app.session.plan.topics == ()
        await press_together(pilot, "space", "left", "space")
        assert row(builder, "topics") == NAMES and app.session.plan.topics is None
        await press_together(pilot, "down", "down", "right", "right")
        assert row(builder, "count") == "Questions  ◀ 5 ▶ of 6" and app.session.plan.count == 5
        await press_together(pilot, "left", "left", "left")
        assert row(builder, "count") == "Questions  ◀ 2 ▶ of 6" and app.session.plan.count == 2


# --- what it shows --------------------------------------------------------------------------


async def test_topic_titles_are_shown_literally_never_as_markup(tmp_path: Path, make_deck) -> None:
    title = "Names [/] and [bold]x[/bold]"
    folder = make_deck(
        {
            "q.yaml": GOOD_QUESTION
            + GOOD_QUESTION.replace("opsoclonus-directions", "named").replace("topic: clinical-features", "topic: names")
        },
        deck_yaml=DECK_YAML.replace("names: Names", f"names: '{title}'"),
    )
    store = ScoreStore(tmp_path / "scores.json")
    store.load()
    app = quiz_app(load_deck(folder), store, plan=Plan(count=2), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        screen, builder = await on_start(app, pilot)
        # too wide for two a line at 80 columns: one a line
        assert row(builder, "topics") == f"Topics     [✓] {title} (1)\n           [✓] Clinical features (1)"
        assert drawn(builder)[2] == f"Topics     [✓] {title} (1)"  # drawn as written, not as bold or as an error
        assert drawn(builder)[4] == "Questions  ◀ 2 ▶ of 2"
        await click(pilot, builder, f"[✓] {title} (1)")  # clicking it toggles that topic
        assert f"[ ] {title} (1)" in row(builder, "topics") and app.session.plan.topics == ("clinical-features",)
        assert shown(screen, "#matching") == "1 question match: every question in Clinical features."
        await pilot.press("space")  # the click left the cursor on it
        assert f"[✓] {title} (1)" in row(builder, "topics") and app.session.plan.topics is None
        assert shown(screen, "#matching") == "2 questions match: every question in all topics."


async def test_the_rows_read_without_colour(tmp_path: Path, make_deck) -> None:
    app = make_app(
        tmp_path / "scores.json",
        small_deck(make_deck),
        Plan(mode="exam", filter="unseen", topics=("clinical-features",), count=2, minutes=15),
    )
    async with app.run_test(size=SIZE) as pilot:
        _, builder = await on_start(app, pilot)
        builder.blur()  # nor does the cursor mark anything without colour: no cursor at all
        await pilot.pause()
        assert drawn(builder) == [
            "Mode       ( ) Practice   (●) Exam   ( ) Review",
            "Which      ( ) All   (●) Unseen   ( ) Missed   ( ) Flagged",
            "Topics     [ ] Names (3)                    [✓] Clinical features (3)",
            "Questions  ◀ 2 ▶ of 3   Time limit: 15 min",
        ]
        assert [row(builder, name) for name in ("mode", "filter", "topics", "count")] == drawn(builder)


async def test_at_80x24_the_whole_card_is_shown_without_scrolling(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck), Plan(mode="exam", count=3))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, builder = await on_start(app, pilot)
        card = screen.query_one("#card")
        assert card.max_scroll_y == 0 and card.scroll_offset.y == 0
        assert screen.region.contains_region(card.region)
        footer = screen.query_one("KeyFooter")
        assert card.region.bottom <= footer.region.y
        inside = card.content_region
        for selector in ("#title", "#attribution", "#history", "#builder", "#matching", "#start-button"):
            widget = screen.query_one(selector)
            assert widget.region.height >= 1 and inside.contains_region(widget.region), selector
        # every row is drawn, one line each: nothing wraps or is cut off
        assert builder.region.height == 4
        assert drawn(builder) == [
            "Mode       ( ) Practice   (●) Exam   ( ) Review",
            "Which      (●) All   ( ) Unseen   ( ) Missed   ( ) Flagged",
            NAMES,
            "Questions  ◀ 3 ▶ of 6   Time limit: none",
        ]
        assert shown(screen, "#matching") == EVERYTHING
        assert screen.query_one("#start-button", Static).region.width == len(" Start exam (Enter) ")


async def test_the_keys_help_lists_the_builders_keys(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "scores.json", small_deck(make_deck))
    async with app.run_test(size=(100, 40)) as pilot:
        await on_start(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        lines = help_lines(app.screen)
        cursor = lines.index("In the part with the cursor")
        for line in ("↑ k | Up", "↓ j | Down", "← | Previous value", "→ | Next value", "space | Toggle"):
            assert line in lines[cursor:]
        for line in (
            "⏎ | Start a round with these settings",
            "m | Practice, exam or spaced review",
            "w | All, unseen, missed or flagged questions",
        ):
            assert line in lines[:cursor]


# --------------------------------------------------------------------------- regressions found in review


async def test_at_60_columns_a_long_row_flows_under_its_label_and_every_row_is_drawn(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "s.json", small_deck(make_deck))
    async with app.run_test(size=(60, 24)) as pilot:  # 60x18 is the smallest size the app supports
        _, builder = await on_start(app, pilot)
        lines = drawn(builder)
        assert lines[1:3] == ["Which      (●) All   ( ) Unseen   ( ) Missed", "           ( ) Flagged"], lines
        assert lines[-1] == "Questions  ◀ 3 ▶ of 6", lines
        assert row(builder, "filter") == "\n".join(lines[1:3])


async def test_a_topic_title_too_long_for_the_line_is_cut_and_the_questions_row_stays(tmp_path: Path, make_deck) -> None:
    title = "A very long topic title that goes on and on past the width of the card " * 2
    folder = make_deck(deck_yaml=DECK_YAML.replace("names: Names", f"names: '{title.strip()}'"))
    store = ScoreStore(tmp_path / "s.json")
    store.load()
    app = quiz_app(load_deck(folder), store, plan=Plan(count=3), seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        _, builder = await on_start(app, pilot)
        lines = drawn(builder)
        assert lines[-1].startswith("Questions  ◀ 1 ▶ of 1"), lines
        topic = next(line for line in lines if line.startswith("Topics"))
        assert topic.endswith("… (0)") and "[✓] A very long topic title" in topic  # cut, its count kept


async def test_an_arrow_then_a_screen_key_typed_quickly_both_count(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "s.json", small_deck(make_deck), Plan(count=1))
    async with app.run_test(size=(80, 24)) as pilot:
        _, builder = await on_start(app, pilot)
        await press_together(pilot, "right", "m")  # Practice -> Exam (arrow), then -> Review (m)
        assert app.session.plan.mode == "review" and chosen(row(builder, "mode")) == ["Review"]
        await pilot.press("up")  # onto the count
        await press_together(pilot, "right", "plus")  # 1 -> 2 (arrow), then -> 3 (+)
        assert app.session.plan.count == 3 and row(builder, "count") == "Questions  ◀ 3 ▶ of 6"


async def test_minus_with_nothing_to_ask_keeps_the_count(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "s.json", small_deck(make_deck), Plan(count=3))
    async with app.run_test(size=(80, 24)) as pilot:
        _, builder = await on_start(app, pilot)
        await pilot.press("down", "down", "space", "down", "space")  # untick both topics
        assert row(builder, "count") == "Questions  ◀ 0 ▶ of 0"
        await pilot.press("minus")
        await pilot.press("space")  # tick Clinical features again
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 3"


async def test_right_along_the_topics_stops_at_the_last_one(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "s.json", small_deck(make_deck), Plan(count=3))
    async with app.run_test(size=(80, 24)) as pilot:
        _, builder = await on_start(app, pilot)
        await pilot.press("down", "down", "right", "right", "right")
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6"  # walking the topics never changes the count
        assert under_cursor(builder) == "[✓] Clinical features (3)"
        await pilot.press("left", "left", "left")
        assert under_cursor(builder) == "[✓] Names (3)" and chosen(row(builder, "filter")) == ["All"]


async def test_a_click_elsewhere_on_the_card_leaves_the_keys_with_the_builder(tmp_path: Path, make_deck) -> None:
    app = make_app(tmp_path / "s.json", small_deck(make_deck), Plan(count=3))
    async with app.run_test(size=(80, 24)) as pilot:
        _, builder = await on_start(app, pilot)
        await pilot.click("#matching")
        await pilot.click("#title")
        await pilot.press("down")
        assert app.focused is builder and under_cursor(builder) == "(●) All"


def deck_with_topics(make_deck, topics: dict[str, str]) -> Path:
    lines = "\n".join(f"  {slug}: {json.dumps(title)}" for slug, title in topics.items())
    first = next(iter(topics))
    return make_deck(
        {"q.yaml": GOOD_QUESTION.replace("topic: clinical-features", f"topic: {first}")},
        deck_yaml=f"title: T\nsource: source.md\nattribution: A\ntopics:\n{lines}\n",
    )


async def test_a_topic_title_with_line_breaks_stays_on_its_line_and_nothing_below_is_lost(tmp_path: Path, make_deck) -> None:
    folder = deck_with_topics(make_deck, {"names": "Names\nsecond line\nthird line", "other": "Tab\there"})
    store = ScoreStore(tmp_path / "s.json")
    store.load()
    app = quiz_app(load_deck(folder), store, plan=Plan(count=3), seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        _, builder = await on_start(app, pilot)
        lines = drawn(builder)
        assert lines[2:4] == ["Topics     [✓] Names second line third line (1)", "           [✓] Tab here (0)"]
        assert lines[-1] == "Questions  ◀ 1 ▶ of 1"
        assert builder.region.height == len(lines)


async def test_at_the_smallest_size_the_card_scrolls_to_keep_the_cursor_in_view(tmp_path: Path, make_deck) -> None:
    folder = deck_with_topics(make_deck, {f"t{i}": f"Topic number {i}" for i in range(12)})
    store = ScoreStore(tmp_path / "s.json")
    store.load()
    app = quiz_app(load_deck(folder), store, plan=Plan(count=1), seed=1)
    async with app.run_test(size=(60, 18)) as pilot:
        _, builder = await on_start(app, pilot)

        def on_screen() -> str:
            return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

        assert "Questions" not in on_screen()  # the card is taller than the terminal
        await pilot.press("up")  # round to the last stop: the count, at the bottom of the card
        await pilot.pause()
        assert "Questions  ◀ 1 ▶ of 1" in on_screen()
        await pilot.press("down", "down")  # round to the top again
        await pilot.pause()
        assert "(●) All" in on_screen()
