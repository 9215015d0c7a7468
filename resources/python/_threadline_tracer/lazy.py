"""Patches for modules a program may never import (socket, concurrent.futures), applied when it
imports them, so that a program that does not use them pays nothing: importing them eagerly costs
tens of milliseconds. A finder at the head of sys.meta_path watches for those names only; it
delegates the search to the other finders, runs the module as usual, then patches it, and leaves
sys.meta_path once every watched module is patched.
"""

import sys

from . import executors, futures, sockets, timeouts


class _PatchOnImport:
    def __init__(self, hooks):
        self.hooks = hooks

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
        loader = spec.loader
        original = loader.exec_module

        def exec_module(module):
            original(module)
            self.hooks.pop(name, None)
            hook(module)
            if not self.hooks and self in sys.meta_path:
                sys.meta_path.remove(self)

        loader.exec_module = exec_module
        return spec


def _patch_now_or_later(hooks):
    later = {}
    for name, hook in hooks.items():
        module = sys.modules.get(name)
        if module is not None:
            hook(module)
        else:
            later[name] = hook
    if later:
        sys.meta_path.insert(0, _PatchOnImport(later))


def install(scaled_timeouts):
    if scaled_timeouts:
        import threading

        timeouts.install_threading(threading)

    def futures_base(base):
        if scaled_timeouts:
            timeouts.install_futures(base, sys.modules.get("concurrent.futures"))
        futures.install(base)  # after the scaling: its wrappers see the program's own timeouts

    hooks = {
        "socket": sockets.install,
        "concurrent.futures._base": futures_base,
        "concurrent.futures.thread": executors.install,
    }
    _patch_now_or_later(hooks)
