"""Small numbers stay private: what an authority viewer sees of a figure about few people.

The rule (the common public-health cell-size rule): a count of 1 to 10 reads "fewer than
11", and so does every figure of a row whose people number 1 to 10 (a program of 7: its
means, shares and counts all read "fewer than 11"). Zero is shown: it is about nobody.

Complementary suppression: where parts are shown with their total (each program and
"all these programs"; discharges by reason and all reasons), a hidden cell could be
worked out as the total minus the cells shown. So no such line is left with exactly one
hidden cell: the smallest count shown in it is hidden too (a program's before the
total's), again and again until every line has none or two or more. A mean or share
does not add up, so there the total's own is hidden instead.

The pages and exports of authority viewers hand their figures through `guard` (rows of
figures, such as one program's outcomes) or `count` (one number); any figure added to
those rows later passes through it too, as every number on a row is looked at.
Leaders, reviewers and coordinators see names already, so they get figures as they are.
"""

import functools
from dataclasses import fields, is_dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext

from consumers import access
from imr_site.later import Later

SMALLEST = 11
# In a file, in the files' one language; on a page, in the reader's (Hidden.__str__).
FEWER = f"fewer than {SMALLEST}"


class Hidden:
    """A figure kept back: reads "fewer than 11" on a page and in a file."""

    # Formatting filters pass it through as it is (imr_site/templatetags/numbers.py);
    # templates ask `|kept_back` (fidelity/templatetags/fidelity_tags.py).
    hidden = True

    def __str__(self):
        return gettext("fewer than %(n)s") % {"n": SMALLEST}

    __html__ = __str__

    def __repr__(self):
        return "HIDDEN"


HIDDEN = Hidden()


def is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def is_small(value):
    """A count of 1 to 10: about so few people it is hidden."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALLEST


def count(value):
    """One count as an authority viewer reads it (a figure standing alone, with no total)."""
    return HIDDEN if is_small(value) else value


def applies_to(user, programs):
    """Does the user read these programs' figures as an authority viewer?

    Anyone who may not see the people of every one of them (VIEW_DASHBOARD) does.
    """
    return any(not access.can_in(user, access.VIEW_DASHBOARD, program) for program in programs)


def hidden_cells(table, lines):
    """The cells to hide: those small in themselves, then their complements.

    table: cell key -> number. lines: (cells, additive) pairs: cells whose last is the total
    of the others (additive), or figures of the same kind whose last is the total's own
    (not additive, a mean). Returns the keys to hide.
    """
    hidden = {key for key, value in table.items() if is_small(value)}
    return protect(table, lines, hidden)


def protect(table, lines, hidden):
    """`hidden` and the complements that keep each of them from being worked out."""
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for cells, additive in lines:
            cells = [key for key in cells if key in table]
            if sum(key in hidden for key in cells) != 1:
                continue
            total = cells[-1]
            if not additive:
                if total not in hidden:
                    hidden.add(total)
                    changed = True
                continue
            shown = [key for key in cells if key not in hidden]
            if not shown:
                continue
            # The smallest count shown, a part before the total; a zero only when nothing else.
            pick = min(
                shown, key=lambda key: (table[key] == 0, table[key], key == total, cells.index(key))
            )
            hidden.add(pick)
            changed = True
    return hidden


# Rows of figures: any object whose numbers are attributes (a dataclass and its properties).


def _names(obj):
    return _names_of(type(obj))


@functools.cache
def _names_of(kind):
    # Read once per class: a state's table walks tens of thousands of rows of a few kinds.
    properties = [
        name
        for name in dir(kind)
        if not name.startswith("_") and isinstance(getattr(kind, name), property)
    ]
    return [f.name for f in fields(kind)] + properties


def _last(path):
    return path.rsplit(".", 1)[-1]


class Figures:
    """Every number on a row and on what it holds, by path ("client.people", "items[3].met").

    bases: class -> the attribute counting the people of such an object (a row, or a part
    such as one version of the IMR Scale): when it is 1 to 10, every figure under it is
    small too. words: names of text attributes that carry figures ("5 of 7 people"); they
    are hidden with any figure beside them.
    """

    def __init__(self, bases, names=None, words=()):
        self.bases, self.names, self.words = bases, names, set(words)
        self.numbers, self.under_small, self.texts = {}, set(), {}

    def read(self, obj, prefix="", small_base=False):
        base = self.bases.get(type(obj))
        small_base = small_base or (base is not None and is_small(getattr(obj, base)))
        names = self.names if not prefix and self.names is not None else _names(obj)
        for name in names:
            self._walk(getattr(obj, name), prefix + name, prefix, small_base)
        return self

    def _walk(self, value, path, parent, small_base):
        kind = _kind_of(type(value))
        if kind is _NUMBER:
            self.numbers[path] = value
            if small_base:
                self.under_small.add(path)
        elif kind is _WORDS:  # words said in the reader's language
            if _last(path) in self.words:
                self.texts[path] = parent
        elif kind is _ROW:
            self.read(value, path + ".", small_base)
        elif kind is _LIST:
            for i, item in enumerate(value):
                self._walk(item, f"{path}[{i}]", parent, small_base)
        elif kind is _DICT:
            for key, item in value.items():
                self._walk(item, f"{path}[{key}]", parent, small_base)


# What `Figures` does with a value, by its type: worked out once per type, since a state's
# tables hold tens of thousands of values of a few types.
_NUMBER, _WORDS, _ROW, _LIST, _DICT, _NOTHING = range(6)


@functools.cache
def _kind_of(kind):
    if issubclass(kind, bool):
        return _NOTHING
    if issubclass(kind, (int, float, Decimal)):
        return _NUMBER
    if issubclass(kind, (str, Promise, Later)):
        return _WORDS
    if is_dataclass(kind):
        return _ROW
    if issubclass(kind, (list, tuple)):
        return _LIST
    if issubclass(kind, dict):
        return _DICT
    return _NOTHING


def guard(rows, total=None, *, bases, within=(), not_counts=(), words=(), names=None):
    """Rows of figures (and their total) as an authority viewer reads them.

    rows: objects such as each program's outcomes; total: the object adding them up, or
    None. bases and words: see `Figures`. within: (prefix of the parts, path of their
    total) for parts that add up inside a row. not_counts: names of numbers that count
    no one (a rating, a percentage): hidden only with their row's people, never for being
    small themselves. names: the attributes of a row to read, when it is no dataclass.
    Returns (rows, total) of `Guarded`.
    """
    objects = [*rows, *([total] if total is not None else [])]
    table, hidden, texts = {}, set(), {}
    for index, obj in enumerate(objects):
        found = Figures(bases, names, words).read(obj)
        table.update({(index, path): value for path, value in found.numbers.items()})
        hidden.update((index, path) for path in found.under_small)
        texts.update({(index, path): parent for path, parent in found.texts.items()})
    hidden.update(
        key for key, value in table.items() if is_small(value) and _last(key[1]) not in not_counts
    )
    lines = []
    if total is not None and rows:
        last = len(objects) - 1
        for path in sorted({path for index, path in table if index == last}):
            cells = [(index, path) for index in range(len(objects))]
            if any(cell not in table for cell in cells):
                continue
            values = [table[cell] for cell in cells]
            additive = (
                _last(path) not in not_counts
                and all(isinstance(v, int) for v in values)
                and sum(values[:-1]) == values[-1]
            )
            lines.append((cells, additive))
    # Paths by row, and by row and what comes before their first "[": a prefix with a "["
    # finds its parts among that row's figures of that name, not by trying every figure.
    paths_of, named = {}, {}
    for index, path in table:
        paths_of.setdefault(index, []).append(path)
        at = path.find("[")
        if at >= 0:
            named.setdefault((index, path[: at + 1]), []).append(path)
    for prefix, whole in within:
        at = prefix.find("[")
        for index in range(len(objects)):
            near = paths_of.get(index, ()) if at < 0 else named.get((index, prefix[: at + 1]), ())
            parts = sorted((index, p) for p in near if p.startswith(prefix))
            lines.append(([*parts, (index, whole)], True))
    hidden = protect(table, lines, hidden)
    # A text goes with the figures under its parent ("" or a path ending in "."): it is
    # hidden when a hidden figure's path starts with that parent.
    parents_of = {}
    for index, path in hidden:
        parents = parents_of.setdefault(index, {""})
        parents.update(path[: at + 1] for at, char in enumerate(path) if char == ".")
    hidden.update(
        (index, path)
        for (index, path), parent in texts.items()
        if parent in parents_of.get(index, ())
    )
    hidden_of = {index: set() for index in range(len(objects))}
    for index, path in hidden:
        hidden_of[index].add(path)
    guarded = [Guarded(obj, hidden_of[index]) for index, obj in enumerate(objects)]
    if total is None:
        return guarded, None
    return guarded[:-1], guarded[-1]


class Guarded:
    """An object of figures whose hidden ones read HIDDEN; everything else as it was."""

    def __init__(self, obj, hidden, prefix=""):
        self._obj, self._hidden, self._prefix = obj, hidden, prefix

    def __getattr__(self, name):
        # Kept once read: a page reads each figure of a state's table several times.
        value = self.__dict__[name] = _shown(
            getattr(self._obj, name), self._prefix + name, self._hidden
        )
        return value

    @property
    def hidden_any(self):
        return bool(self._hidden)


def _shown(value, path, hidden):
    if path in hidden:
        return HIDDEN
    if is_dataclass(value) and not isinstance(value, type):
        return Guarded(value, hidden, path + ".")
    if isinstance(value, (list, tuple)):
        return type(value)(_shown(item, f"{path}[{i}]", hidden) for i, item in enumerate(value))
    if isinstance(value, dict):
        return {key: _shown(item, f"{path}[{key}]", hidden) for key, item in value.items()}
    return value


def cells(row):
    """A row of a file with every HIDDEN written as "fewer than 11"."""
    return [FEWER if isinstance(cell, Hidden) else cell for cell in row]
