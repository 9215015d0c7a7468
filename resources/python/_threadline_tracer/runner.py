"""Runs the program as `python3 SCRIPT args` or `python3 -m MODULE args` would, under the tracer.

    python3 threadline_trace.py --fd N [--control-fd M] [--speed S] [--set NAME=VALUE]... SCRIPT [args...]
    python3 threadline_trace.py --fd N [--control-fd M] [--speed S] -m MODULE [args...]

--fd: the channel, a pipe or socket inherited from Threadline (moved to a high fd, close-on-exec,
so the program's own fds number as untraced and its children inherit nothing). --control-fd: a socket
on which Threadline says pause, resume and a new speed (control.py), moved likewise; the program's stdin stays its
own. --speed: the speed factor (timing.py). --set: a Python literal for a top-level `NAME = ...` of the script: the
assignment's value node is replaced in the AST before compiling, so line numbers, columns and
tracebacks stay the listing's (the source text is never edited).

Faithfulness: the program runs in the interpreter's own __main__ module, with the globals CPython
gives a script (__file__ absolute, __loader__ a SourceFileLoader, __file__ and __cached__ removed when
the code ends), sys.argv as given, sys.path[0] the script's resolved directory (or the working
directory for -m). An uncaught exception is printed by sys.excepthook with the tracer's frames taken
off the traceback, then the exit code is 1 (KeyboardInterrupt: the process ends by SIGINT, as
CPython's). SystemExit passes through untouched. A -m run goes through runpy._run_module_as_main,
which is what `python -m` itself calls; with the C speedups, from C as `python -m` does (run_call), so that
runpy's frames are the bottom of the program's stack and the tracer's are not on it. With them the script is
parsed from its file as `python3 SCRIPT` parses it (_speedups.c, run_file); without them, with --set, or from a
pipe, it is compiled from its bytes, which reads a NUL byte or a script in another encoding than UTF-8 with no
declaration otherwise than Python does.
"""

import os
import sys

from . import channel, closing, control, endings, fds, hooks, locks, mainthread, output, rawthreads, stream, timing
from .unlisted import unlisted

USAGE = ("usage: threadline_trace.py --fd N [--control-fd M] [--speed S] [--set NAME=VALUE]... "
         "(SCRIPT | -m MODULE) [args...]")


class UsageError(Exception):
    pass


def _parse(argv):
    opts = {"fd": None, "control_fd": None, "speed": 1.0, "set": [], "module": None, "script": None, "args": []}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--fd", "--control-fd", "--speed", "--set", "-m") and i + 1 >= len(argv):
            raise UsageError("%s needs a value" % arg)
        if arg == "--fd":
            opts["fd"] = int(argv[i + 1])
        elif arg == "--control-fd":
            opts["control_fd"] = int(argv[i + 1])
        elif arg == "--speed":
            opts["speed"] = float(argv[i + 1])
            if not 0 < opts["speed"] < 1e6:
                raise UsageError("--speed must be a positive factor, not %s" % argv[i + 1])
        elif arg == "--set":
            name, sep, value = argv[i + 1].partition("=")
            if not sep or not name.isidentifier():
                raise UsageError("--set wants NAME=VALUE, not %r" % argv[i + 1])
            opts["set"].append((name, value))
        elif arg == "-m":
            opts["module"], opts["args"] = argv[i + 1], argv[i + 2:]
            break
        elif arg == "--":
            if i + 1 >= len(argv):
                raise UsageError("no script to run")
            opts["script"], opts["args"] = argv[i + 1], argv[i + 2:]
            break
        elif arg.startswith("-"):
            raise UsageError("unknown option %s" % arg)
        else:
            opts["script"], opts["args"] = arg, argv[i + 1:]
            break
        i += 2
    if opts["fd"] is None:
        raise UsageError("--fd is required")
    if opts["script"] is None and opts["module"] is None:
        raise UsageError("no script to run")
    if opts["module"] is not None and opts["set"]:
        raise UsageError("--set applies to a script, not to -m MODULE")
    return opts


def _constants(values, path):
    import ast

    parsed = {}
    for name, text in values:
        try:
            parsed[name] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            raise UsageError("--set %s=%s: the value is not a Python literal" % (name, text))
    return parsed


def _compile(source, path, constants):
    if not constants:
        return compile(source, path, "exec", dont_inherit=True)
    import ast

    tree = ast.parse(source, path)
    missing = dict(constants)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target = node.target
        else:
            continue
        if isinstance(target, ast.Name) and target.id in constants:
            node.value = ast.copy_location(ast.Constant(constants[target.id]), node.value)
            missing.pop(target.id, None)
    if missing:
        raise UsageError("--set %s: the script has no top-level assignment `%s = ...`"
                         % (", ".join(missing), ", ".join(missing)))
    return compile(tree, path, "exec", dont_inherit=True)


def _main_importer(path):
    """What python3 makes of `path` before it runs it (pymain_get_importer): the importer a path hook takes it as (a
    zipimporter for a zipapp, a FileFinder for a directory, whose __main__ module then runs), or None for a script,
    which none of them takes (zipimporter refuses it, FileFinder takes only directories). CPython keeps the answer in
    sys.path_importer_cache under the absolute path, as _tidy_importer_cache() does."""
    for hook in sys.path_hooks:
        try:
            return hook(path)
        except ImportError:
            continue
        except Exception:  # a hook of a site's that fails otherwise: not what would run it
            continue
    return None


def _tidy_importer_cache(main_path, importer):
    """sys.path_importer_cache as python3 leaves it for the program: none of the tracer's directories (the bootstrap
    ran from its own), and the program's path with its importer (None for a script) last, as pymain adds it."""
    cache = sys.path_importer_cache
    own = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for key in [k for k in cache if isinstance(k, str) and (k == own or k.startswith(own + os.sep))]:
        del cache[key]
    if main_path is not None:
        cache.pop(main_path, None)
        cache[main_path] = importer


def _python_reads_it(path):
    """Whether the C speedups are to run the script from its file, as python3 does (run_file): a regular file.
    A pipe or a device (a FIFO, /dev/stdin) gives its bytes once, to main(), so they are compiled."""
    import stat

    try:
        return channel.speedups is not None and stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _main_path(script):
    """The script's path as Python 3.9+ makes it absolute (_Py_abspath): the working directory, a separator and the
    path as given, not normalized, so that `python3 ./x.py` names /dir/./x.py in __file__ and tracebacks."""
    return script if os.path.isabs(script) else os.getcwd() + os.sep + script


def _program_name():
    orig = getattr(sys, "orig_argv", None)
    return orig[0] if orig else "python3"


def _script_bytes(path, read):
    """The script's bytes (read: else b"", after checking that it opens), or Python's own message and exit code
    for a file it cannot run."""
    try:
        with open(path, "rb") as f:
            return f.read() if read else b""
    except OSError as e:
        sys.stderr.write("%s: can't open file %r: [Errno %d] %s\n"
                         % (_program_name(), _main_path(path), e.errno, e.strerror))
        sys.exit(2)


def _move_channel(fd):
    """The channel fd, moved above the fds a program usually reaches and made close-on-exec."""
    fcntl = unlisted("fcntl")
    soft = os.sysconf("SC_OPEN_MAX")  # RLIMIT_NOFILE's soft limit, without loading the resource module
    floor = max(10, min(soft - 16, 512)) if soft > 32 else 3
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, floor)
    os.close(fd)
    return high


def _library_prefixes():
    stdlib = os.path.dirname(os.__file__)
    return (stdlib + os.sep,)


def _interpreter():
    name = {"cpython": "CPython", "pypy": "PyPy"}.get(sys.implementation.name, sys.implementation.name)
    return name, sys.version.split()[0]


def _run_script(main_dict, builtins, code_path, code):
    """Runs code, or with no code the file at code_path as `python3 SCRIPT` would (the C speedups' run_file)."""
    main_dict.clear()
    try:
        # The class CPython gives a script's __loader__, without importing importlib (and warnings).
        from _frozen_importlib_external import SourceFileLoader
    except ImportError:
        from importlib.machinery import SourceFileLoader

    main_dict.update(__name__="__main__", __doc__=None, __package__=None,
                     __loader__=SourceFileLoader("__main__", code_path), __spec__=None, __annotations__={},
                     __builtins__=builtins, __file__=code_path, __cached__=None)
    try:
        if code is None:
            channel.speedups.run_file(code_path, main_dict)
        elif channel.speedups is not None:
            channel.speedups.run_code(code, main_dict)  # exec, with the program's stack its own (_speedups.c)
        else:
            exec(code, main_dict)
    finally:
        main_dict.pop("__file__", None)
        main_dict.pop("__cached__", None)


def _run_module(main_dict, builtins, module, alter_argv=True):
    """`python3 -m module`; with alter_argv False, a zipapp's or a directory's __main__ (sys.argv[0] stays its path)."""
    import runpy

    main_dict.clear()
    main_dict.update(__name__="__main__", __doc__=None, __package__=None, __loader__=None, __spec__=None,
                     __annotations__={}, __builtins__=builtins)
    if channel.speedups is not None:
        # runpy's frames are then the bottom of the program's stack, as under `python3 -m` (_speedups.c).
        channel.speedups.run_call(runpy._run_module_as_main, (module, alter_argv))
    else:
        runpy._run_module_as_main(module, alter_argv=alter_argv)


def _forget_imports(before):
    """Takes what was imported since `before` (a set of sys.modules' names) out of sys.modules: --set's ast, with its
    contextlib, enum, functools and more, is the tracer's, and a program that does not import them finds none of them
    untraced. Nothing of theirs is kept: the constants are plain values, the code a code object."""
    for name in [name for name in sys.modules if name not in before]:
        del sys.modules[name]


def main(argv, dont_write_bytecode=False):
    imported = set(sys.modules)
    try:
        opts = _parse(argv)
        constants = _constants(opts["set"], opts["script"]) if opts["set"] else {}
    except (UsageError, ValueError) as e:
        sys.stderr.write("threadline tracer: %s\n%s\n" % (e, USAGE))
        sys.exit(2)
    fd = _move_channel(opts["fd"])
    control_fd = _move_channel(opts["control_fd"]) if opts["control_fd"] is not None else None
    script, module = opts["script"], opts["module"]
    code = failure = None
    # Python compiles the main script under its absolute path.
    code_path = _main_path(script) if script is not None else None
    # A zipapp or a directory: its __main__ module runs, from sys.path[0], as under `python3 app.pyz`.
    main_importer = _main_importer(code_path) if script is not None else None
    main_module_home = main_importer is not None
    if main_module_home and constants:
        sys.stderr.write("threadline tracer: --set applies to a script, not to the zipapp or directory %s\n" % script)
        sys.exit(2)
    # Read here only when compiled here: run_file reads a regular file itself.
    compiled_here = script is not None and not main_module_home and bool(constants or not _python_reads_it(script))
    if script is not None and not main_module_home:
        source = _script_bytes(script, read=compiled_here)
    if compiled_here:
        try:
            code = _compile(source, code_path, constants)
        except UsageError as e:
            sys.stderr.write("threadline tracer: %s\n" % e)
            sys.exit(2)
        except BaseException as e:  # SyntaxError, ValueError (null bytes), ...: reported as Python does
            failure = e
    _forget_imports(imported)

    own_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    channel.configure(own_dir, _library_prefixes())
    timing.install(opts["speed"])
    mainthread.install()
    rawthreads.install()
    locks.install_thread_lock()
    output.install()
    hooks.install()
    from . import lazy

    # A run with a control fd may change speed later: its timeouts are scaled from the start.
    lazy.install(opts["speed"] != 1.0 or control_fd is not None, _library_prefixes())
    lazy.cache_bytecode()  # before scenario time 0: a first run's compiling is not the program's time
    unlisted("atexit").register(endings.finish_at_exit)  # first registered: it runs last, after the program's own
    os.register_at_fork(after_in_child=mainthread.in_forked_child)
    endings.install()
    fds.own(fd)
    if control_fd is not None:
        fds.own(control_fd)
    closing.install()

    # Scenario time 0 is now, as the program's first line is about to run.
    implementation, version = _interpreter()
    t0 = channel.now_ns()
    hello = [("implementation", implementation), ("version", version), ("pid", os.getpid()),
             ("speed", repr(opts["speed"])), ("clock_zero_ns", t0), ("executable", sys.executable or ""),
             ("cwd", os.getcwd()), ("emitter", channel.EMITTER)]
    hello.append(("script", _main_path(script)) if script is not None else ("module", module))
    hello.extend(("arg", a) for a in opts["args"])
    stream.start(fd, hello)
    if control_fd is not None:
        control.start(control_fd)  # before the writer, which polls it
    mainthread.begin_main(t0)
    stream.start_writer()

    main_module = sys.modules["__main__"]
    main_dict = main_module.__dict__
    builtins = main_dict["__builtins__"]
    # The bootstrap made sys.path[0] its own directory; Python would have put the program's there,
    # or nothing under -P / PYTHONSAFEPATH.
    if main_module_home:
        sys.path[0] = code_path  # the archive or directory itself, made absolute as CPython makes it, even under -P
    elif getattr(sys.flags, "safe_path", False):
        del sys.path[0]
    elif script is not None:
        sys.path[0] = os.path.dirname(os.path.realpath(script))
    else:
        sys.path[0] = os.getcwd()
    # Under -m, "-m" until runpy has found the module (a package's __init__ sees it), then the module's file.
    sys.argv[:] = [script if script is not None else "-m"] + opts["args"]
    if hasattr(sys, "orig_argv"):
        sys.orig_argv[:] = [sys.orig_argv[0]] + ([script] if script is not None else ["-m", module]) + opts["args"]
    sys.dont_write_bytecode = dont_write_bytecode  # the tracer's modules are imported or cached by now
    _tidy_importer_cache(code_path, main_importer)
    try:
        if failure is not None:
            raise failure
        if main_module_home:
            _run_module(main_dict, builtins, "__main__", alter_argv=False)
        elif script is not None:
            _run_script(main_dict, builtins, code_path, code)
        else:
            _run_module(main_dict, builtins, module)
    except SystemExit:
        raise
    except BaseException as e:
        endings.report_uncaught(e)
        sys.exit(1)
