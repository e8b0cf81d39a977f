"""British-English spell-checking of free text: misspelt words underlined in
red, with suggestions on a right click.

A statement goes to court as the victim's words, so a misspelling in it is a
misspelling in the MG11. The dictionary is Hunspell's en_GB (Debian's
`hunspell-en-gb`) through Enchant (`pyenchant`): a maintained word list
rather than one of our own, and British ("colour", "neighbour").

The GUI thread never waits for it. The dictionary loads on a background lane
of its own (`background.InOrder`) the first time a field asks for it; words
are checked there too, in batches, and corrections are found there for a
right click; each verdict is remembered, so retyping a word costs a lookup.
A paragraph whose words are still being checked is underlined again when
their verdicts arrive. Without the dictionary (a machine set up without the
packages) the fields work as plain text and the log says so once.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Qt, Signal
from rvr_desktop.ui.background import InOrder, when_done

log = logging.getLogger(__name__)

LANGUAGE = "en_GB"
MOST_SUGGESTIONS = 6
# Latin letters (an English dictionary has no opinion on a name in Arabic or
# Bengali), with apostrophes inside a word ("don't", "neighbour’s") but not
# around it: a quotation's closing mark is not part of the word. One
# expression rather than a test per character: a 20,000-character narrative
# typed as one paragraph is scanned again on every key.
_LATIN = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF"
_WORD = re.compile(f"[{_LATIN}]+(?:['’][{_LATIN}]+)*")


_WORD_PART = re.compile(f"[{_LATIN}'’]")


def words_in(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """The words of `text` (from `start` to `end`) worth checking, with where each starts.

    Words in capitals (CAD, MASH, DASH) are abbreviations the dictionary
    doesn't know, and single letters are never misspelt.
    """
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        word = match.group()
        if len(word) > 1 and not word.isupper():
            yield match.start(), word


class _Speller:
    """The Enchant dictionary; used only on the spelling lane, one call at a time (Enchant's dictionaries
    are not documented as safe to share between threads)."""

    def __init__(self, dictionary: Any):
        self._dictionary = dictionary

    def check(self, words: list[str]) -> dict[str, bool]:
        return {word: bool(self._dictionary.check(word.replace("’", "'"))) for word in words}

    def suggest(self, word: str) -> list[str]:
        return list(self._dictionary.suggest(word.replace("’", "'")))[:MOST_SUGGESTIONS]


def _load_speller() -> _Speller:
    # Imported here, on the background pool: importing pyenchant loads the
    # Enchant C library, and making the dictionary reads Hunspell's files.
    enchant = importlib.import_module("enchant")
    return _Speller(enchant.Dict(LANGUAGE))


class BritishSpelling(QtCore.QObject):
    """The shared dictionary and every verdict so far; made once, on the GUI thread."""

    loaded = Signal()
    checked = Signal()  # verdicts arrived for words that were waiting
    ignored = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._speller: _Speller | None = None
        self._verdicts: dict[str, bool] = {}  # word -> spelt right (an ignored word counts as right)
        self._waiting: set[str] = set()
        self._in_flight = False
        self.available: bool | None = None  # None while loading
        # One lane for every use of the dictionary: loading it, checking
        # words, finding corrections.
        self._lane = InOrder("spelling")
        when_done(self._lane.submit(_load_speller), self._ready, self._missing)

    def _ready(self, speller: _Speller) -> None:
        self._speller = speller
        self.available = True
        self.loaded.emit()

    def _missing(self, error: BaseException) -> None:
        # Said once: the dictionary is loaded once per run, and every field
        # carries on as plain text without it.
        self.available = False
        log.warning("Spell-checking is off: the British-English dictionary could not be loaded (%s: %s). "
                    "Install the Debian packages libenchant-2-2 and hunspell-en-gb (installer/setup does).",
                    type(error).__name__, error)

    def misspelt(self, word: str) -> bool | None:
        """True or False once known; None while the word waits to be checked (or there is no dictionary)."""
        if self._speller is None:
            return None
        verdict = self._verdicts.get(word)
        if verdict is None:
            self._wait_for([word])
            return None
        return not verdict

    def misspellings(self, text: str, start: int = 0, end: int | None = None) -> tuple[list[tuple[int, int]], bool]:
        """(start, length) of each word of `text` (from `start` to `end`) known to be misspelt, and whether
        any word there is still waiting to be checked.

        The loop of `misspelt`, inlined: it runs on every key.
        """
        if self._speller is None:
            return [], False
        verdicts = self._verdicts
        wrong, unknown = [], []
        for at, word in words_in(text, start, end):
            right = verdicts.get(word)
            if right is None:
                unknown.append(word)
            elif not right:
                wrong.append((at, len(word)))
        if unknown:
            self._wait_for(unknown)
        return wrong, bool(unknown)

    def _wait_for(self, words: list[str]) -> None:
        self._waiting.update(words)
        if not self._in_flight:
            self._in_flight = True
            QtCore.QTimer.singleShot(0, self._send)  # once the paragraph being drawn has asked for all its words

    def _send(self) -> None:
        words, self._waiting = sorted(self._waiting), set()
        speller = self._speller
        assert speller is not None  # only words asked after loading wait
        when_done(self._lane.submit(partial(speller.check, words)), self._checked, self._check_failed)

    def _checked(self, verdicts: dict[str, bool]) -> None:
        for word, right in verdicts.items():
            self._verdicts.setdefault(word, right)  # a word ignored while it was checked stays ignored
        self._in_flight = False
        if self._waiting:
            self._in_flight = True
            self._send()
        self.checked.emit()

    def _check_failed(self, error: BaseException) -> None:
        log.warning("Spell-checking stopped: %s", type(error).__name__)
        self._speller = None
        self.available = False

    def suggest(self, word: str, then: Callable[[list[str]], None]) -> None:
        """Find up to six corrections for `word`, best first, and give them to `then` on the GUI thread."""
        speller = self._speller
        if speller is None:
            then([])
            return
        when_done(self._lane.submit(partial(speller.suggest, word)), then, lambda _error: then([]))

    def ignore(self, word: str) -> None:
        """Stop underlining `word` (a name, say) for the rest of this run."""
        self._verdicts[word] = True
        self.ignored.emit()


_shared: BritishSpelling | None = None


def british_spelling() -> BritishSpelling:
    """The one dictionary every field shares, loading it in the background the first time."""
    global _shared
    if _shared is None:
        _shared = BritishSpelling()
    return _shared


Spans = list[tuple[int, int]]  # (start, length) of each misspelt word in a paragraph


def changed_part(old: str, new: str) -> tuple[int, int, int]:
    """Where `new` differs from `old`, widened to whole words: (start, end in old, end in new).

    Outside it both texts have the same words in the same places (shifted
    after it), so only this part needs checking again after a key.
    """
    shorter = min(len(old), len(new))
    same_start = _common_length(lambda n: old[:n] == new[:n], shorter)
    same_end = _common_length(lambda n: old[len(old) - n:] == new[len(new) - n:], shorter - same_start)
    start, old_end, new_end = same_start, len(old) - same_end, len(new) - same_end
    while start > 0 and _WORD_PART.match(new, start - 1):
        start -= 1
    while new_end < len(new) and _WORD_PART.match(new, new_end):
        new_end += 1
        old_end += 1
    return start, old_end, new_end


def _common_length(same: Callable[[int], bool], most: int) -> int:
    # A binary search over slice comparisons: each comparison runs in C, so
    # a 20,000-character paragraph costs microseconds, not a Python loop.
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def respan(old: str, old_wrong: Spans, new: str, check: Callable[[int, int], tuple[Spans, bool]]) -> tuple[Spans, bool]:
    """The misspelt words of `new`, keeping `old`'s verdicts outside the changed part and checking only inside it."""
    start, old_end, new_end = changed_part(old, new)
    shift = new_end - old_end
    inside, waiting = check(start, new_end)
    before = [span for span in old_wrong if span[0] + span[1] <= start]
    after = [(at + shift, length) for at, length in old_wrong if at >= old_end]
    return before + inside + after, waiting


class SpellingHighlighter(QtGui.QSyntaxHighlighter):
    """Underlines misspelt words of one document in red.

    Qt asks for a paragraph's formats again on every key in it; each
    paragraph's last text and verdicts are kept, so only the words around
    the change are looked at again.
    """

    def __init__(self, document: QtGui.QTextDocument, spelling: BritishSpelling):
        super().__init__(document)
        self.spelling = spelling
        self._format = QtGui.QTextCharFormat()
        self._format.setUnderlineStyle(QtGui.QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(QtGui.QColor("#d0021b"))
        self._waiting: set[int] = set()  # numbers of blocks with words still being checked
        self._last: dict[int, tuple[str, Spans]] = {}  # block number -> its text and misspelt words
        spelling.loaded.connect(self._check_again)
        spelling.ignored.connect(self._check_again)
        spelling.checked.connect(self._verdicts_arrived)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        number = self.currentBlock().blockNumber()
        last = self._last.get(number)
        check = partial(self.spelling.misspellings, text)
        if last is None:
            wrong, waiting = check(0, len(text))
        else:
            wrong, waiting = respan(*last, text, check)
        for start, length in wrong:
            self.setFormat(start, length, self._format)
        self._last[number] = (text, wrong)
        if waiting:
            self._waiting.add(number)
        elif last is None:  # a whole paragraph checked with nothing waiting
            self._waiting.discard(number)

    def _check_again(self) -> None:
        self._last.clear()
        self.rehighlight()

    def _verdicts_arrived(self) -> None:
        document = self.document()
        if document is None:
            return
        blocks, self._waiting = sorted(self._waiting), set()
        for number in blocks:
            self._last.pop(number, None)
            block = document.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)


Editor = QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit


def check_spelling(editor: Editor) -> SpellingHighlighter:
    """Underline misspelt words in `editor` and offer corrections on its right-click menu."""
    spelling = british_spelling()
    highlighter = SpellingHighlighter(editor.document(), spelling)
    editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    editor.customContextMenuRequested.connect(partial(_show_menu, editor, spelling))
    return highlighter


def word_at(editor: Editor, position: QtCore.QPoint) -> QtGui.QTextCursor | None:
    """A cursor selecting the checked word under `position` (viewport coordinates), if there is one."""
    cursor = editor.cursorForPosition(position)
    block, offset = cursor.block(), cursor.positionInBlock()
    for start, word in words_in(block.text()):
        if start <= offset <= start + len(word):
            found = QtGui.QTextCursor(block)
            found.setPosition(block.position() + start)
            found.setPosition(block.position() + start + len(word), QtGui.QTextCursor.MoveMode.KeepAnchor)
            return found
    return None


def spelling_menu(editor: Editor, position: QtCore.QPoint, found: QtGui.QTextCursor | None = None,
                  suggestions: Sequence[str] = (), spelling: BritishSpelling | None = None) -> QtWidgets.QMenu:
    """The editor's usual menu, with `suggestions` for the misspelt word `found` at its top."""
    menu = editor.createStandardContextMenu(position)
    if found is None or spelling is None:
        return menu
    word = found.selectedText()
    ours = []
    for suggestion in suggestions:
        action = QtGui.QAction(suggestion, menu)
        action.triggered.connect(partial(_replace, found, suggestion))
        ours.append(action)
    if not ours:
        none = QtGui.QAction("No spelling suggestions", menu)
        none.setEnabled(False)
        ours.append(none)
    ignore = QtGui.QAction(f"Ignore “{word}” until the workstation closes", menu)
    ignore.triggered.connect(partial(spelling.ignore, word))
    ours.append(ignore)
    standard = menu.actions()
    if standard:
        menu.insertActions(standard[0], ours)
        menu.insertSeparator(standard[0])
    else:
        menu.addActions(ours)
    return menu


def _replace(found: QtGui.QTextCursor, suggestion: str) -> None:
    # One edit, so Ctrl+Z puts the word back as it was typed.
    found.insertText(suggestion)


def _show_menu(editor: Editor, spelling: BritishSpelling, position: QtCore.QPoint) -> None:
    found = word_at(editor, position)
    if found is None or not spelling.misspelt(found.selectedText()):
        _pop_up(editor, spelling_menu(editor, position), position)
        return

    def with_suggestions(suggestions: list[str]) -> None:
        try:
            editor.isVisible()
        except RuntimeError:  # the case was closed while corrections were being found
            return
        _pop_up(editor, spelling_menu(editor, position, found, suggestions, spelling), position)

    spelling.suggest(found.selectedText(), with_suggestions)


def _pop_up(editor: Editor, menu: QtWidgets.QMenu, position: QtCore.QPoint) -> None:
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(editor.viewport().mapToGlobal(position))
