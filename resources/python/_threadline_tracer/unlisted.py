"""The C modules the tracer needs, imported without being listed in sys.modules.

sys.modules is the program's to read: `"threading" in sys.modules` tells it whether threading has run (gevent, for
one, acts on it), so a traced program finds there what it finds untraced, and the tracer's own package. What is
imported here is a C module whose state is per module object and holds nothing the tracer sets (itertools, _struct,
_functools, _operator, _collections, fcntl, math), or per interpreter (atexit's callbacks): a program that imports it
later gets a module object of its own, which works as it does untraced, and atexit runs both modules' callbacks in the
one order they were registered in.
"""

import sys

_imported = {}  # name -> the module, for the tracer's modules that ask for it again


def unlisted(name):
    """The C module `name`, imported if need be and then taken out of sys.modules again. Called at start-up, before
    the program's first line, and by lazy.py's hooks as the program imports what they follow: a thread of the
    program's that imports the same C module at that very moment may see its entry taken out again, and its next
    import then makes another module object of it, as harmless as the tracer's own."""
    module = sys.modules.get(name) or _imported.get(name)
    if module is None:
        module = _imported[name] = __import__(name)
        del sys.modules[name]
    return module
