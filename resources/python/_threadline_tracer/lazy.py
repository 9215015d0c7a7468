"""Patches for the modules of the standard library the tracer follows (threading, queue, socket, signal,
concurrent.futures), applied when the program imports them, so that a program finds in sys.modules what it finds
untraced and pays for what it uses only: importing them eagerly costs milliseconds (threading) to tens of them. The
tracer's modules for each are imported by its hook too. A finder at the head of sys.meta_path watches for those names
only; it delegates the search to the other finders, runs the module as usual, then patches it, and leaves
sys.meta_path once every watched module is patched.
"""

import os
import sys


class _PatchOnImport:
    def __init__(self, hooks, stdlib_prefixes):
        self.hooks = hooks
        self.stdlib_prefixes = stdlib_prefixes

    def find_spec(self, name, path, target=None):
        hook = self.hooks.get(name)
        if hook is None:
            return None
        spec = None
        for finder in sys.meta_path:
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        if not (spec.origin or "").startswith(self.stdlib_prefixes):
            return spec  # the program's own queue.py (say) beside it: not the module the hook knows
        loader = spec.loader
        original = loader.exec_module
        own = "exec_module" in getattr(loader, "__dict__", {})

        def exec_module(module):
            # The loader may serve other modules too (a zipimporter, a class used as a loader): it is
            # given back its own exec_module before this one runs, and only this module is patched.
            if own:
                loader.exec_module = original
            else:
                del loader.exec_module
            original(module)
            if module.__name__ != name or self.hooks.pop(name, None) is None:
                return
            hook(module)
            # Importing the hook's own modules left a finder for the tracer's folder, which python3 never makes.
            sys.path_importer_cache.pop(_HERE, None)
            if not self.hooks:
                try:
                    sys.meta_path.remove(self)
                except ValueError:  # another thread's import took it out meanwhile, or the program did
                    pass

        loader.exec_module = exec_module
        return spec


def _patch_now_or_later(hooks, stdlib_prefixes):
    later = {}
    for name, hook in hooks.items():
        module = sys.modules.get(name)
        if module is not None:
            hook(module)
        else:
            later[name] = hook
    if later:
        sys.meta_path.insert(0, _PatchOnImport(later, stdlib_prefixes))


_HERE = os.path.dirname(os.path.abspath(__file__))

# The tracer's modules the hooks import.
_MODULES = ("threads", "conditions", "semaphores", "sync", "queues", "simplequeues", "sockets", "signals", "executors",
            "futures", "timeouts")


def cache_bytecode():
    """Writes the bytecode of the modules the hooks import, if it is missing. Called while the tracer
    writes bytecode: a hook runs later, under the program's own setting (often -B or
    PYTHONDONTWRITEBYTECODE), and would then compile its module in every run."""
    try:
        import _frozen_importlib_external as bootstrap  # what importlib.machinery exports, already loaded
    except ImportError:
        return
    here = _HERE
    cache = os.path.join(here, "__pycache__")
    if not os.access(cache if os.path.isdir(cache) else here, os.W_OK):
        return  # nowhere to keep it: compiling it here would be thrown away, every run
    for name in _MODULES:
        path = os.path.join(here, name + ".py")
        if not os.path.exists(bootstrap.cache_from_source(path)):
            fullname = __package__ + "." + name
            try:
                bootstrap.SourceFileLoader(fullname, path).get_code(fullname)
            except (OSError, ImportError):  # not kept: the hook compiles it when it is needed
                pass


def _threading(scaled_timeouts):
    def hook(threading):
        from . import conditions, locks, semaphores, sync, threads

        threads.install()
        locks.install(threading)
        conditions.install()  # before the timeouts, which wrap Condition.wait_for around its wait
        semaphores.install()
        sync.install()
        if scaled_timeouts:
            from . import timeouts

            timeouts.install_threading(threading)

    return hook


def _queues(module):
    from . import queues

    queues.install()


def _sockets(module):
    from . import sockets

    sockets.install(module)


def _signals(module):
    from . import signals

    signals.install(module)


def _executors(module):
    from . import executors

    executors.install(module)


def install(scaled_timeouts, stdlib_prefixes):
    """stdlib_prefixes: the standard library's folders; a watched name found elsewhere is left alone."""
    def futures_base(base):
        from . import futures

        if scaled_timeouts:
            from . import timeouts

            timeouts.install_futures(base, sys.modules.get("concurrent.futures"))
        futures.install(base)  # after the scaling: its wrappers see the program's own timeouts

    hooks = {  # threading first: of those already imported, it is patched before the others, which use it
        "threading": _threading(scaled_timeouts),
        "queue": _queues,
        "socket": _sockets,
        "signal": _signals,
        "concurrent.futures._base": futures_base,
        "concurrent.futures.thread": _executors,
    }
    _patch_now_or_later(hooks, stdlib_prefixes)
