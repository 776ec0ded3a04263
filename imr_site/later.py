"""Sentences worked out now and said later, in the reader's language.

Figures kept in the shared cache for minutes hold their sentences this way: the English
(a catalogue entry, which our makemessages finds: imr_site/management/commands), the
values to fill in and, for a plural, the count. Whoever worked the figures out, each
reader sees them in their own language. Django's lazy strings would do the same, but each
one builds a class as it is unpickled, and a state's kept figures hold thousands: reading
them back took seconds. These pickle as plain data.
"""

from django.utils.translation import gettext, ngettext


class Later:
    """A sentence with `{name}` places, said in the active language when shown."""

    __slots__ = ("text", "values")

    def __init__(self, text, /, **values):
        self.text, self.values = text, values

    def said(self):
        return gettext(self.text)

    def __str__(self):
        said = self.said()
        if not self.values:
            return said
        return said.format(**{name: str(value) for name, value in self.values.items()})

    def __format__(self, spec):
        return format(str(self), spec)

    # Read as the string it says, as a lazy string is: "in", len(), +, .startswith().
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(str(self), name)

    def __contains__(self, part):
        return part in str(self)

    def __len__(self):
        return len(str(self))

    def __add__(self, other):
        return str(self) + str(other)

    def __radd__(self, other):
        return str(other) + str(self)

    def __eq__(self, other):
        if isinstance(other, Later):
            return type(other) is type(self) and self.__getstate__() == other.__getstate__()
        return str(self) == other if isinstance(other, str) else NotImplemented

    def __hash__(self):
        return hash(str(self))

    def __repr__(self):
        return f"{type(self).__name__}{self.__getstate__()!r}"

    def __getstate__(self):
        return self.text, self.values

    def __setstate__(self, state):
        self.text, self.values = state


class LaterPlural(Later):
    """The same with a singular and a plural, chosen by `n` (also a place: `{n}`)."""

    __slots__ = ("plural",)

    def __init__(self, singular, plural, /, n, **values):
        super().__init__(singular, n=n, **values)
        self.plural = plural

    def said(self):
        return ngettext(self.text, self.plural, self.values["n"])

    def __getstate__(self):
        return self.text, self.values, self.plural

    def __setstate__(self, state):
        self.text, self.values, self.plural = state


class Joined(Later):
    """Sentences said one after the other ("{figures}. {aside}"), each in the reader's
    language, without a catalogue entry of their own."""

    __slots__ = ("parts", "sep")

    def __init__(self, *parts, sep=" "):
        super().__init__("")
        self.parts, self.sep = parts, sep

    def __str__(self):
        return self.sep.join(str(part) for part in self.parts)

    def __getstate__(self):
        return self.parts, self.sep

    def __setstate__(self, state):
        self.text, self.values = "", {}
        self.parts, self.sep = state
