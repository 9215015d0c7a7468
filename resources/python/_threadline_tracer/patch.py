"""Putting the tracer's wrappers in place of the standard library's functions and methods, and binding a wrapped C
function's arguments as it takes them."""

import sys

from .frames import drop_tracer_frames

_DRESS = ("__module__", "__name__", "__qualname__", "__doc__")
_C_FUNCTION = type(len)
_BASE_TYPE = 1 << 10  # Py_TPFLAGS_BASETYPE: the class may be subclassed


def c_class(c_type_of):
    """A __class__ for a stand-in of a C object: it answers the C type (c_type_of(self)), so isinstance and
    functools.singledispatch see that type, and refuses assignment with the C object's own TypeError."""

    def refuse(self, value):
        try:
            len.__class__ = value  # any C object refuses it alike: "__class__ assignment only supported for ..."
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    return property(c_type_of, refuse)


def patch(owner, name, replacement):
    """Sets owner.name to replacement, dressed as the original: its module, names and docstring, so that repr()
    and help() of what the program sees read as untraced (`<bound method Queue.put of ...>`, not `put`); and
    __wrapped__, as functools.wraps sets it, so that inspect.signature() gives the original's. A C function's
    replacement is made to act as one (_CFunctionLike), a class's to act as a class (_class_like), and either is put
    in its home module too (_replace_at_home)."""
    original = getattr(owner, name)
    dress = _DRESS
    if type(original) is _C_FUNCTION:  # not isinstance: a replacement answers __class__ as one
        replacement = _c_function_like(replacement)
        # What inspect reads of a built-in, now that isbuiltin() holds for it (its signature, its module).
        dress += ("__text_signature__", "__self__")
    elif isinstance(original, type):
        replacement = _class_like(replacement, original)
    setattr(owner, name, dressed(replacement, original, dress))
    _replace_at_home(original, replacement)


def dressed(replacement, original, names=_DRESS):
    """replacement with the original's module, names and docstring, and __wrapped__: what functools.update_wrapper
    sets of a function, without importing functools, which threading does not import from 3.13 on."""
    for attr in names:
        try:
            setattr(replacement, attr, getattr(original, attr))
        except (AttributeError, TypeError):
            pass
    replacement.__wrapped__ = original
    return replacement


class _CFunctionLike:
    """What replaces a C function (time.sleep, threading.Lock, os._exit) acts as one: set on a class it is not bound
    (`class T: sleep = time.sleep` calls it without the instance; CPython's test_thread keeps _thread.allocate_lock
    so), pickle and copy take it by its name, and repr() shows a built-in. Its class reads as the C function's type:
    printed, and as __class__ (isinstance, inspect.isbuiltin); only `type(f) is` tells them apart."""

    __class__ = c_class(lambda self: _C_FUNCTION)

    def __new__(cls, *args, **keywords):
        # The C type makes none: `class MyLock(threading.Lock)` on 3.12 and older asks it to.
        raise TypeError("cannot create '%s' instances" % _C_FUNCTION.__name__)

    def __repr__(self):
        return "<built-in function %s>" % self.__name__

    def __reduce__(self):
        return self.__qualname__

    # Two names of one C function made apart are two objects that compare and hash equal (_thread.start_new_thread
    # and its old name start_new): their replacements are too.
    def __eq__(self, other):
        if isinstance(other, _CFunctionLike):
            return self.__wrapped__ == other.__wrapped__
        return NotImplemented

    def __hash__(self):
        return hash(self.__wrapped__)


def _c_function_like(function):
    # The wrapper is the subclass's __call__ itself, a static one: a call runs no frame of the tracer's more.
    cls = type(_C_FUNCTION.__name__, (_CFunctionLike,), {"__call__": staticmethod(function),
                                                         "__module__": _C_FUNCTION.__module__})
    return object.__new__(cls)


def _class_like(function, cls):
    """What replaces a class the program calls to make an object (threading.Lock from 3.13 on, where it is the C type
    _thread.lock) is a class whose call is function: set on a class it is not bound, isinstance and issubclass answer
    for cls (a stand-in's __class__ says cls), pickle and copy take it by its name, and what it lacks is cls's
    (threading.Lock.acquire). Its metaclass's call is function itself, as _CFunctionLike's: no frame of the tracer's
    more, so the factory finds its caller where it looks."""
    def subclass(meta, name, bases, namespace, **keywords):
        if bases and not cls.__flags__ & _BASE_TYPE:  # as a C type that is no base refuses one, in its words
            raise TypeError("type '%s.%s' is not an acceptable base type" % (cls.__module__, cls.__qualname__))
        return type.__new__(meta, name, bases, namespace, **keywords)

    meta = type("type", (type,), {
        "__module__": "builtins",
        "__new__": subclass,
        "__call__": staticmethod(function),
        "__instancecheck__": lambda self, obj: isinstance(obj, cls),
        "__subclasscheck__": lambda self, sub: issubclass(sub, cls),
        "__getattr__": lambda self, name: getattr(cls, name),
    })
    names = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, "__slots__": ()}
    text_signature = getattr(cls, "__text_signature__", None)
    if isinstance(text_signature, str) and sys.version_info >= (3, 13):
        # inspect.signature() reads a class's signature from its metaclass's call (the factory's) unless __signature__
        # says it, which from 3.13 on may be the text a C type's __text_signature__ gives.
        names["__signature__"] = text_signature
    return meta(cls.__name__, (), names)


def _replace_at_home(original, replacement):
    """A C function the program reaches under another name too (threading.Lock is _thread.allocate_lock, os._exit is
    posix._exit) is replaced in its home module as well. pickle saves a function as the name it bears (its module
    and qualified name) and checks that the name leads back to it: so the replacement, dressed with that name, must
    be found there (multiprocessing's Manager pickles threading.Lock for a spawned process)."""
    module = sys.modules.get(getattr(original, "__module__", None) or "")
    home = getattr(original, "__qualname__", None)
    if module is not None and home and "." not in home and getattr(module, home, None) is original:
        setattr(module, home, replacement)


def index(value):
    """operator.index(value), the integer a C function takes value as; None for what it refuses (which the C function
    then refuses with its own error). operator is not imported for it: a program that never imports it would find it
    in sys.modules, and a second import of _operator by the program's first `import collections` measured 0.4 ms
    against 0.03 ms for its first (unlisted.py)."""
    try:
        return range(value).stop  # range() takes its bound as operator.index does
    except TypeError:
        return None


def bind(parameters, args, keywords):
    """parameters(*args, **keywords): the arguments as a wrapped C function takes them (parameters is a Python
    function with its signature, returning them as a tuple); None when they do not fit. The wrapper then calls the
    C function with them, to raise its own TypeError: a wrapper's would name the wrapper."""
    try:
        return parameters(*args, **keywords)
    except TypeError:
        return None
