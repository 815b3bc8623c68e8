"""Parsing deck files: YAML read safely into nodes, every field validated with its line, into records.

Imported only when a deck has to be parsed (a cold or stale parse cache, or `oms-quiz check`),
so that a warm start never pays for PyYAML.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from quiz.deck.read import (
    DECK_FILE,
    DECK_KEYS,
    MAX_CHOICE_CHARS,
    MAX_DISTRACTORS,
    MAX_ID_CHARS,
    MAX_QUESTION_CHARS,
    MIN_DISTRACTORS,
    QUESTION_KEYS,
    SLUG,
    NotDeckFile,
    read_bytes,
)
from quiz.records import DeckMeta, Problem, Question
from quiz.safe_text import UNSAFE as _UNSAFE_TEXT
from quiz.safe_text import control_characters
from quiz.source import Source

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

# Tags that plain YAML text resolves to. Anything else (`!!python/object`,
# `!custom`, `!!set`) is refused before a single object is constructed.
_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")}
_NULLS = {"", "~", "null", "Null", "NULL"}
# Characters a YAML stream may not hold (PyYAML's Reader.NON_PRINTABLE).
_NOT_YAML_TEXT = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"  # compiled only when needed
# YAML also ends lines at NEL, LS and PS; editors and grep do not, so where a
# file holds one, line numbers are counted again from the text.
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_LINE_BREAK = re.compile(r"\r\n?|\n")


class _Loader(_SafeLoader):
    """The safe loader, resolving plain scalars cheaply: deck fields are read as written,
    so of YAML's implicit types only null matters (an explicit tag is still kept and checked)."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _YAML + "null" if implicit[0] and value in _NULLS else _YAML + "str"
        # types-PyYAML leaves the resolver's resolve() unannotated; it returns the tag, a str.
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "text"


class _File:
    """Problems found in one file, collected in the order they are met."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = problems
        self.errors = 0
        self.may_hold_controls = True  # cleared when the file's text shows there can be none

    def error(self, line: int, message: str) -> None:
        self.errors += 1
        self.problems.append(Problem(self.path, line, "error", message))

    def warning(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, "warning", message))


def _read_yaml(path: Path, out: _File) -> Node | None:
    """Parse one file into YAML nodes, reporting every way it can be unreadable."""
    try:
        data = read_bytes(path.parent, path)
    except NotDeckFile as exc:
        out.error(1, str(exc))
        return None
    except OSError as exc:
        out.error(1, f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        out.error(line, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column {column}; save the file as UTF-8")
        return None
    if not text.strip():
        what = "deck settings" if path.name == DECK_FILE else "a list of questions"
        out.error(1, f"file is empty; expected {what}")
        return None
    if "\x00" in text:
        out.error(text.count("\n", 0, text.index("\x00")) + 1, "file contains a NUL byte; it is not a text file")
        return None
    # Control characters come in raw or as escapes in double quotes.
    out.may_hold_controls = "\\" in text or _UNSAFE_TEXT.search(text) is not None
    lines = _Lines(text) if any(c in text for c in _ODD_BREAKS) else None
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark and lines:
            mark = lines.mark(mark)
        where = mark.line + 1 if mark else 1
        at = f", column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "invalid YAML"
        out.error(where, f"YAML syntax error: {what} (line {where}{at})")
        return None
    except ReaderError as exc:
        # A raw control character YAML does not allow. libyaml reports a byte
        # offset and the pure-Python reader a character one, so find it here.
        bad = re.search(_NOT_YAML_TEXT, text)
        offset = bad.start() if bad else min(exc.position, len(text))
        line, column = (lines or _Lines(text)).place(offset)
        code = ord(bad.group()) if bad else exc.character
        what = f"U+{code:04X}" if isinstance(code, int) else "a character"
        out.error(line, f"file contains the control character {what} at column {column}, which YAML does not allow; remove it")
        return None
    except yaml.YAMLError as exc:
        out.error(1, "YAML error: " + " ".join(str(exc).split()))
        return None
    except RecursionError:
        out.error(1, "YAML is nested too deeply")
        return None
    if lines:
        lines.renumber(nodes)
    if len(nodes) > 1:
        out.error(_line(nodes[1]), "file holds more than one YAML document; use one list")
        return None
    node = nodes[0] if nodes else None
    if node is None or (isinstance(node, ScalarNode) and node.tag == _YAML + "null"):
        out.error(1, "file has no content; expected " + ("deck settings" if path.name == DECK_FILE else "a list of questions"))
        return None
    # Anchors need '&' and tags need '!': a file with neither is plain data already.
    if "&" not in text and "!" not in text:
        return node
    return node if _plain(node, out) else None


class _Lines:
    """Line numbers as editors count them: lines end at LF, CRLF or CR only."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def place(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset."""
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def mark(self, mark: yaml.Mark) -> yaml.Mark:
        line, column = self.place(mark.index)
        return yaml.Mark(mark.name, mark.index, line - 1, column - 1, "", 0)

    def renumber(self, roots: list[Node]) -> None:
        seen: set[int] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            node.start_mark = self.mark(node.start_mark)
            if isinstance(node, SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, MappingNode):
                for key, value in node.value:
                    stack.extend((key, value))


def _plain(root: Node, out: _File) -> bool:
    """Refuse anchors, aliases and non-standard tags: deck files are plain data."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            out.error(_line(node), "YAML anchors and aliases (&name, *name) are not allowed in deck files")
            return False
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            allowed = node.tag in _SCALAR_TAGS
        elif isinstance(node, SequenceNode):
            allowed = node.tag == _YAML + "seq"
            stack.extend(reversed(node.value))
        else:
            allowed = node.tag == _YAML + "map"
            for key, value in reversed(node.value):
                stack.extend((value, key))
        if not allowed:
            tag = node.tag.replace(_YAML, "!!")
            out.error(_line(node), f"unsupported YAML tag '{tag}'; deck files hold plain text, lists and mappings only")
            return False
    return True


def _text(node: Node, name: str, out: _File, limit: int | None = None) -> str | None:
    """The text of a scalar field as written (so `answer: yes` stays "yes")."""
    if not isinstance(node, ScalarNode):
        out.error(_line(node), f"{name} must be text, not {_kind(node)}")
        return None
    value = str(node.value)
    # A plain `~` or `null` resolves to YAML's null, whichever loader (C or Python) parsed it.
    if (not node.style and node.tag == _YAML + "null") or not value.strip():
        out.error(_line(node), f"{name} is empty")
        return None
    value = value.strip()
    if limit is not None and len(value) > limit:
        out.error(_line(node), f"{name} is {len(value)} characters long; the limit is {limit}")
        return None
    bad = control_characters(value) if out.may_hold_controls else None
    if bad:
        out.warning(_line(node), f"{name} contains control characters ({', '.join(bad)}); they are shown as symbols")
    return value


def _fields(node: MappingNode, allowed: Iterable[str], where: str, out: _File) -> tuple[dict[str, tuple[Node, int]], bool]:
    """A mapping's known keys with their value nodes and lines, and whether every key was
    known and given once (unknown or repeated keys are errors)."""
    allowed = tuple(allowed)
    found: dict[str, tuple[Node, int]] = {}
    ok = True
    for key, value in node.value:
        line = _line(key)
        if not isinstance(key, ScalarNode):
            out.error(line, f"{where}: a key must be text, not {_kind(key)}")
            ok = False
            continue
        name = key.value
        if name in found:
            out.error(line, f"{where}: '{name}' is given twice (first on line {found[name][1]})")
            ok = False
        elif name not in allowed:
            hint = difflib.get_close_matches(name, allowed, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else f"; the keys are {', '.join(allowed)}"
            out.error(line, f"{where}: unknown key '{name}'{suggestion}")
            ok = False
        else:
            found[name] = (value, line)
    return found, ok


def load_meta(folder: Path, problems: list[Problem]) -> DeckMeta | None:
    """What deck.yaml says, with its source read; None when deck.yaml cannot be read at all."""
    path = folder / DECK_FILE
    out = _File(path, problems)
    if not path.is_file() and not path.is_symlink():
        out.error(1, f"no {DECK_FILE} in {folder}; a deck folder needs one (title, source, attribution, topics)")
        return None
    node = _read_yaml(path, out)
    if node is None:
        return None
    if not isinstance(node, MappingNode):
        out.error(_line(node), f"{DECK_FILE} must be a mapping of {', '.join(DECK_KEYS)}, not {_kind(node)}")
        return None
    found, keys_ok = _fields(node, DECK_KEYS, DECK_FILE, out)
    for name in DECK_KEYS:
        if name not in found and keys_ok:  # a misspelt key is already reported
            out.error(_line(node), f"{DECK_FILE}: '{name}' is missing")
    title = _text(found["title"][0], "title", out, MAX_CHOICE_CHARS) if "title" in found else None
    attribution = _text(found["attribution"][0], "attribution", out, MAX_QUESTION_CHARS) if "attribution" in found else None
    topics = _topics(found["topics"][0], out) if "topics" in found else None
    source_name, source = "", None
    if "source" in found:
        value_node = found["source"][0]
        source_name = _text(value_node, "source", out) or ""
        if source_name:
            source = _source(folder, source_name, _line(value_node), out)
    return DeckMeta(title or "", attribution or "", source_name, topics, source)


def _source(folder: Path, name: str, line: int, out: _File) -> Source | None:
    """The source text deck.yaml names, when it is a readable file of the deck with sentences to quote."""
    if "/" in name or "\\" in name or name in {".", ".."}:
        out.error(line, f"source '{name}' must be a file name in the deck folder, not a path")
        return None
    path = folder / name
    if not path.exists() and not path.is_symlink():
        out.error(line, f"source file '{name}' not found in {folder}")
        return None
    try:
        source = Source(read_bytes(folder, path).decode("utf-8-sig"), path)
    except NotDeckFile as exc:
        out.error(line, f"source file '{name}' {exc}")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        out.error(line, f"cannot read source file '{name}': {exc}")
        return None
    if not source.sentences:
        out.error(line, f"source file '{name}' has no sentences to quote")
        return None
    return source


def _topics(node: Node, out: _File) -> dict[str, str] | None:
    if not isinstance(node, MappingNode) or not node.value:
        out.error(_line(node), "topics must be a mapping of topic slug to its short title")
        return None
    topics: dict[str, str] = {}
    for key, value in node.value:
        slug = key.value if isinstance(key, ScalarNode) else ""
        if not SLUG.match(slug):
            out.error(_line(key), f"topic '{slug}' must be a lowercase slug of a-z, 0-9 and -")
            continue
        if slug in topics:
            out.error(_line(key), f"topic '{slug}' is given twice")
            continue
        title = _text(value, f"topic '{slug}'", out, MAX_CHOICE_CHARS)
        if title is not None:
            topics[slug] = title
    return topics


def _same(text: str) -> str:
    return " ".join(text.casefold().split())


def _question(node: Node, index: int, meta: DeckMeta, out: _File) -> Question | None:
    errors_before = out.errors
    where = f"question {index}"
    if not isinstance(node, MappingNode):
        out.error(_line(node), f"{where} must be a mapping with {', '.join(QUESTION_KEYS)}, not {_kind(node)}")
        return None
    # An unknown or repeated key is an error, but the known fields are still
    # checked so that one run of `check` reports every problem.
    found, keys_ok = _fields(node, QUESTION_KEYS, where, out)
    if "id" in found:
        qid = _text(found["id"][0], "id", out, MAX_ID_CHARS)
        if qid is not None:
            where = f"question '{qid}'"
            if not SLUG.match(qid):
                out.error(found["id"][1], f"id '{qid}' must be a lowercase slug of a-z, 0-9 and -")
    else:
        qid = None
    missing = [name for name in QUESTION_KEYS if name not in found]
    if missing and keys_ok:  # a misspelt key is already reported
        out.error(_line(node), f"{where} is missing {', '.join(repr(m) for m in missing)}")
    values: dict[str, str | None] = {}
    for name, limit in (("topic", MAX_ID_CHARS), ("question", MAX_QUESTION_CHARS), ("answer", MAX_CHOICE_CHARS)):
        if name in found:
            values[name] = _text(found[name][0], name, out, limit)
    topic = values.get("topic")
    if topic is not None and meta.topics is not None and topic not in meta.topics:
        out.error(found["topic"][1], f"topic '{topic}' is not one of {DECK_FILE}'s topics ({', '.join(meta.topics)})")
    distractors = _distractors(found["distractors"][0], out) if "distractors" in found else None
    answer = values.get("answer")
    if answer is not None and distractors is not None:
        _distinct(answer, distractors, found["distractors"][0], out)
    explanation = _explanation(found["explanation"][0], meta.source, out) if "explanation" in found else None
    if out.errors > errors_before or qid is None:
        return None
    assert topic and answer and distractors is not None and explanation and values.get("question")
    return Question(
        id=qid,
        topic=topic,
        question=values["question"] or "",
        answer=answer,
        distractors=tuple(distractors),
        explanation=tuple(explanation),
        path=out.path,
        line=_line(node),
    )


def _distractors(node: Node, out: _File) -> list[str] | None:
    if not isinstance(node, SequenceNode):
        out.error(_line(node), f"distractors must be a list of {MIN_DISTRACTORS} to {MAX_DISTRACTORS} wrong choices, not {_kind(node)}")
        return None
    items = [_text(item, "distractor", out, MAX_CHOICE_CHARS) for item in node.value]
    if not MIN_DISTRACTORS <= len(items) <= MAX_DISTRACTORS:
        given = f"{len(items)} distractor{'' if len(items) == 1 else 's'} given"
        out.error(_line(node), f"{given}; a question needs {MIN_DISTRACTORS} to {MAX_DISTRACTORS}")
        return None
    if any(item is None for item in items):
        return None
    return [item for item in items if item is not None]


def _distinct(answer: str, distractors: list[str], node: Node, out: _File) -> None:
    seen = {_same(answer): "the answer"}
    items = node.value if isinstance(node, SequenceNode) else []
    for text, item in zip(distractors, items):
        key = _same(text)
        if key in seen:
            other = seen[key]
            if other == "the answer":
                out.error(_line(item), f"distractor '{text}' is the answer; a distractor must be wrong")
            else:
                out.error(_line(item), f"distractor '{text}' repeats {other} (ignoring case and spacing)")
        else:
            seen[key] = f"distractor '{text}'"


def _explanation(node: Node, source: Source | None, out: _File) -> list[str] | None:
    quotes: list[tuple[str, Node]] = []
    if isinstance(node, SequenceNode):
        if not node.value:
            out.error(_line(node), "explanation is an empty list; give one or more quotes from the source")
            return None
        for item in node.value:
            text = _text(item, "explanation", out)
            if text is None:
                return None
            quotes.append((text, item))
    else:
        text = _text(node, "explanation", out)
        if text is None:
            return None
        quotes.append((text, node))
    if source is None:
        return [q for q, _ in quotes]
    for text, item in quotes:
        if source.find(text) is not None:
            continue
        closest = source.closest(text)
        hint = f'; closest source sentence: "{closest.text}"' if closest else ""
        if source.contains(text):
            out.error(_line(item), f"explanation quotes only part of a source sentence; quote whole sentences{hint}")
        else:
            out.error(_line(item), f"explanation is not found word for word in the source{hint}")
    return [q for q, _ in quotes]


def load_questions(path: Path, meta: DeckMeta, problems: list[Problem]) -> tuple[list[Question], int]:
    """The valid questions of one file, and how many invalid ones it skipped."""
    out = _File(path, problems)
    node = _read_yaml(path, out)
    if node is None:
        return [], _lost(path)
    if not isinstance(node, SequenceNode):
        out.error(_line(node), f"a question file must be a list of questions (each starting with '- id:'), not {_kind(node)}")
        return [], _lost(path)
    questions: list[Question] = []
    skipped = 0
    for index, item in enumerate(node.value, start=1):
        question = _question(item, index, meta, out)
        if question is None:
            skipped += 1
        else:
            questions.append(question)
    if not node.value:
        out.error(_line(node), "the list of questions is empty")
    return questions, skipped


def _lost(path: Path) -> int:
    """How many questions a file that cannot be read as a list holds: its top-level
    items, at least 1, or 0 when it holds nothing but blank lines and comments."""
    try:
        data = read_bytes(path.parent, path)
    except OSError:  # NotDeckFile included: a refused file is never read
        return 1
    if not any(line.strip() and not line.lstrip().startswith(b"#") for line in data.removeprefix(b"\xef\xbb\xbf").splitlines()):
        return 0
    return max(1, len(re.findall(rb"(?m)^-(?:[ \t\r]|$)", data)))


def parse_file(path: Path, meta: DeckMeta) -> tuple[list[Question], int, list[Problem]]:
    """One question file's valid questions, skipped count and problems."""
    problems: list[Problem] = []
    questions, skipped = load_questions(path, meta, problems)
    return questions, skipped, problems
