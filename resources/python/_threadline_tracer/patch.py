"""Putting the tracer's wrappers in place of the standard library's functions and methods."""

_DRESS = ("__module__", "__name__", "__qualname__", "__doc__")


def patch(owner, name, replacement):
    """Sets owner.name to replacement, dressed as the original: its module, names and docstring, so that repr()
    and help() of what the program sees read as untraced (`<bound method Queue.put of ...>`, not `put`); and
    __wrapped__, as functools.wraps sets it, so that inspect.signature() gives the original's."""
    original = getattr(owner, name)
    for attr in _DRESS:
        try:
            setattr(replacement, attr, getattr(original, attr))
        except (AttributeError, TypeError):
            pass
    replacement.__wrapped__ = original
    setattr(owner, name, replacement)
