"""Putting the tracer's wrappers in place of the standard library's functions and methods, and binding a wrapped C
function's arguments as it takes them."""

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


def bind(parameters, args, keywords):
    """parameters(*args, **keywords): the arguments as a wrapped C function takes them (parameters is a Python
    function with its signature, returning them as a tuple); None when they do not fit. The wrapper then calls the
    C function with them, to raise its own TypeError: a wrapper's would name the wrapper."""
    try:
        return parameters(*args, **keywords)
    except TypeError:
        return None
