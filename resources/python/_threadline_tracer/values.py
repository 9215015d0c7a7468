"""A queue item in words, for its put and get: a short repr, made without running any of the program's code.

The put's storage hook (queues.py) runs under the queue's mutex, in the middle of the program's call: a __repr__ of
the program's there could deadlock on the queue, raise, print or take long, and the program would not run as it does
untraced. So only the builtins whose repr is C and cheap are shown by value: None, bool, int (a longer one by its first
20 digits and how many it has), float, complex, str and bytes (cut at 40 characters), and tuples and lists of them
(the first 4 items;
PriorityQueue's (priority, item) pairs). Anything else, a subclass of those too (its __repr__ may be the
program's), is its class's name in angle brackets: "<Job>", "<socket>".

It imports nothing, so that a test can load it alone and hold the engine's words (core/py/itemrepr.h) to them.
"""

_LIMIT = 40  # characters of a str or bytes, digits of an int
_TUPLE_ITEMS = 4
_SCALARS = (type(None), bool, float, complex)
_BIG = 10**_LIMIT
_HEAD = 20  # digits a longer int is shown by
_REPR_DIGITS = 4300  # CPython 3.11's default sys.get_int_max_str_digits(): a repr up to it costs well under 1 ms
_LOG10_2 = 0.30102999566398120
# The classes whose items may be shown by value; any other is always shown by its name.
BY_VALUE = frozenset((int, str, bytes, tuple, list) + _SCALARS)


def _long_int(item):
    """"12345678901234567890\u2026 (57 digits)". A repr past _REPR_DIGITS takes long (quadratic) or raises (3.11's limit,
    which the program may have lowered), so such an int is only counted, from its bits: exact but for one digit, as
    making it exact took 100 ms for 845,000 digits, under the queue's lock."""
    digits = int(item.bit_length() * _LOG10_2) + 1
    sign = "-" if item < 0 else ""
    if digits <= _REPR_DIGITS:
        try:
            text = repr(item)
        except ValueError:  # sys.set_int_max_str_digits() below its length
            text = None
        if text is not None:
            return text[:len(sign) + _HEAD] + "\u2026 (%d digits)" % (len(text) - len(sign))
    return "<int of about %d digits>" % digits


def short_repr(item, nested=False):
    kind = type(item)
    if kind is int:
        return repr(item) if -_BIG < item < _BIG else _long_int(item)
    if kind is str or kind is bytes:
        if len(item) <= _LIMIT:
            return repr(item)
        text = repr(item[:_LIMIT])
        return text[:-1] + "\u2026" + text[-1]
    if kind in _SCALARS:
        return repr(item)
    if (kind is tuple or kind is list) and not nested:
        words = [short_repr(x, True) for x in item[:_TUPLE_ITEMS]]
        if len(item) > _TUPLE_ITEMS:
            words.append("\u2026")
        if kind is list:
            return "[" + ", ".join(words) + "]"
        return "(" + ", ".join(words) + ("," if len(item) == 1 else "") + ")"
    name = kind.__qualname__
    if len(name) > _LIMIT or not name.isprintable():  # a class made by type() may be named anything
        name = repr(name[:_LIMIT])[1:-1]
    return "<" + name + ">"

