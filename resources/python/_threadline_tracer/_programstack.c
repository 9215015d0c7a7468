/* The program's stack its own, for the tracer's calls into the program: run_file, run_code and run_call (the
 * script, or -m MODULE), call_handler (a signal handler), call_in_thread (a thread _thread starts); and set_hook and
 * get_hook, the program's sys.settrace and kin, in C so that a trace function set from C sees no call of the
 * tracer's. Part of the _speedups module (_speedups.c); the Python forms are in runner.py, signals.py, rawthreads.py
 * and hooks.py. */

#include "_speedups.h"

#ifdef THREADLINE_FRAME_WALK_311
/* The program's stack is its own (3.11): its module's frame is the bottom one, as under `python3 SCRIPT`, and
 * not above the tracer's (threadline_trace.py, runner.main, _run_script) and this call. So traceback.print_stack(),
 * inspect.stack(), f_back and a warning's stacklevel see what they see untraced, and a RecursionError comes at the
 * same depth. The tracer's frames stay on the thread's stack, unlinked: the eval loop links a new entry frame to
 * its caller's cframe's current_frame, which is NULL for the run; and the recursion depth they use is given
 * back for the run. Both are put back when the program's code returns or raises. */
typedef struct {
    struct _PyInterpreterFrame* frame;
    int used;
} TracerStack;

static TracerStack unlink_tracer_stack(void)
{
    PyThreadState* ts = PyThreadState_Get();
    TracerStack saved = {ts->cframe->current_frame, ts->recursion_limit - ts->recursion_remaining};
    ts->cframe->current_frame = NULL;
    ts->recursion_remaining += saved.used;
    return saved;
}

static void relink_tracer_stack(TracerStack saved)
{
    PyThreadState* ts = PyThreadState_Get();
    ts->cframe->current_frame = saved.frame;
    ts->recursion_remaining -= saved.used;
}
#endif

/* run(context) with the program's stack its own, where this Python's frame layout is known (3.11); as is elsewhere.
 * The one place that unlinks and relinks, for run_file, run_code, run_call and call_in_thread. */
static PyObject* on_programs_stack(PyObject* (*run)(const void* context), const void* context)
{
#ifdef THREADLINE_FRAME_WALK_311
    const TracerStack tracer = unlink_tracer_stack();
#endif
    PyObject* result = run(context);
#ifdef THREADLINE_FRAME_WALK_311
    relink_tracer_stack(tracer);
#endif
    return result;
}

/* run_file(path, globals): runs the script at path in globals as `python3 SCRIPT` does (Python/pythonrun.c,
 * pyrun_file): parsed from the file, with the compiler flags of a main script. Why not compile() and exec():
 * the builtin decodes bytes its own way, so a script that Python reads fine or rejects with a message of its
 * own reads otherwise (3.11 drops a NUL byte where compile() raises ValueError; a Latin-1 script without an
 * encoding declaration gets another SyntaxError), and it first asks whether its source is an AST object,
 * which builds the ast module's node types: about 1 ms in every run, that `python3 SCRIPT` never spends. */
typedef struct {
    FILE* fp;
    const char* path;
    PyObject* globals;
} FileRun;

static PyObject* run_file_now(const void* context)
{
    const FileRun* run = context;
    PyCompilerFlags flags = _PyCompilerFlags_INIT;
    return PyRun_FileExFlags(run->fp, run->path, Py_file_input, run->globals, run->globals, 1, &flags);
}

PyObject* run_file(PyObject* module, PyObject* const* args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "run_file(path: str, globals: dict)");
        return NULL;
    }
    PyObject* encoded = PyUnicode_EncodeFSDefault(args[0]);
    if (encoded == NULL)
        return NULL;
    FILE* fp = fopen(PyBytes_AS_STRING(encoded), "rb");
    if (fp == NULL) {
        Py_DECREF(encoded);
        return PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, args[0]);
    }
    FileRun run = {fp, PyBytes_AS_STRING(encoded), args[1]};
    PyObject* result = on_programs_stack(run_file_now, &run);
    Py_DECREF(encoded);
    return result;
}

/* run_code(code, globals): exec(code, globals) for a script compiled from its bytes (--set, a pipe), with the
 * program's stack its own as in run_file. */
static PyObject* run_code_now(const void* context)
{
    PyObject* const* args = context; /* code, globals */
    return PyEval_EvalCode(args[0], args[1], args[1]);
}

PyObject* run_code(PyObject* module, PyObject* const* args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyCode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "run_code(code: code, globals: dict)");
        return NULL;
    }
    return on_programs_stack(run_code_now, args);
}

/* run_call(function, args): function(*args), with the program's stack its own as in run_file: for -m MODULE, whose
 * runpy._run_module_as_main is then the bottom frame, as under `python3 -m MODULE`, which calls it from C. */
static PyObject* run_call_now(const void* context)
{
    PyObject* const* args = context; /* function, args */
    return PyObject_Call(args[0], args[1], NULL);
}

PyObject* run_call(PyObject* module, PyObject* const* args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyCallable_Check(args[0]) || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "run_call(function: callable, args: tuple)");
        return NULL;
    }
    return on_programs_stack(run_call_now, args);
}

/* call_handler(handler, prefix, signum, frame): handler(signum, f), f the innermost frame from `frame` out whose
 * file is not under prefix (the tracer's folder). signals.py installs functools.partial(call_handler, handler,
 * prefix) as a program's signal handler: both are C, so the handler runs with no frame of the tracer's below its
 * own and the program's line as its frame, as untraced. */
PyObject* call_handler(PyObject* module, PyObject* const* args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 4 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "call_handler(handler, prefix: str, signum, frame)");
        return NULL;
    }
    PyObject* frame = Py_NewRef(args[3]);
    while (PyFrame_Check(frame)) {
        PyCodeObject* code = PyFrame_GetCode((PyFrameObject*)frame);
        const Py_ssize_t tracers = PyUnicode_Tailmatch(code->co_filename, args[1], 0, PY_SSIZE_T_MAX, -1);
        Py_DECREF(code);
        if (tracers < 0) {
            Py_DECREF(frame);
            return NULL;
        }
        if (tracers == 0)
            break;
        PyFrameObject* back = PyFrame_GetBack((PyFrameObject*)frame);
        Py_DECREF(frame);
        frame = back != NULL ? (PyObject*)back : Py_NewRef(Py_None);
    }
    PyObject* call[2] = {args[2], frame};
    PyObject* result = PyObject_Vectorcall(args[0], call, 2, NULL);
    Py_DECREF(frame);
    return result;
}

/* set_hook(setter, wrap, *args, **kwargs): setter(wrap(hook)) for one hook other than None, callable or not (CPython
 * takes any object and raises its TypeError when calling it, which the wrap leaves to the program's frames), else
 * setter(*args, **kwargs), so that sys.settrace(None) or a wrong call returns or raises as the setter does.
 * get_hook(getter): getter()'s hook, or the program's one it wraps (its _threadline_program_hook). hooks.py puts
 * functools.partial(set_hook, sys.settrace, wrap) in place of sys.settrace, and so on: both are C, so a trace function
 * set from C (PyEval_SetTrace, as a C debugger or CPython's test_sys_settrace sets one) sees no call into the tracer
 * when the program sets or reads its hooks. */
PyObject* set_hook(PyObject* module, PyObject* const* args, Py_ssize_t nargsf, PyObject* kwnames)
{
    (void)module;
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs < 2) {
        PyErr_SetString(PyExc_TypeError, "set_hook(setter, wrap, *args, **kwargs)");
        return NULL;
    }
    if (nargs == 3 && kwnames == NULL && args[2] != Py_None) {
        PyObject* hook = PyObject_CallOneArg(args[1], args[2]);
        if (hook == NULL)
            return NULL;
        PyObject* result = PyObject_CallOneArg(args[0], hook);
        Py_DECREF(hook);
        return result;
    }
    return PyObject_Vectorcall(args[0], args + 2, nargs - 2, kwnames);
}

PyObject* get_hook(PyObject* module, PyObject* const* args, Py_ssize_t nargsf, PyObject* kwnames)
{
    (void)module;
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs < 1) {
        PyErr_SetString(PyExc_TypeError, "get_hook(getter, *args, **kwargs)");
        return NULL;
    }
    PyObject* hook = PyObject_Vectorcall(args[0], args + 1, nargs - 1, kwnames);
    if (hook == NULL)
        return NULL;
    PyObject* program = PyObject_GetAttrString(hook, "_threadline_program_hook");
    if (program == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        return hook;
    }
    Py_DECREF(hook);
    return program;
}

/* call_in_thread(begin, function, *args, **kwargs): begin(), then function(*args, **kwargs), and what it raises
 * reported as _thread reports it. rawthreads.py starts a
 * _thread.start_new_thread thread on a functools.partial of it: the thread's lane begins as the thread does, and
 * function runs with no frame of the tracer's below its own, as untraced (sys._getframe(1) raises, a traceback
 * starts at it). A begin that fails costs the lane only, never the program's thread. */
typedef struct {
    PyObject* function;
    PyObject* args;
    PyObject* kwargs;
} ThreadCall;

static PyObject* call_in_thread_now(const void* context)
{
    const ThreadCall* call = context;
    return PyObject_Call(call->function, call->args, call->kwargs);
}

PyObject* call_in_thread(PyObject* module, PyObject* args, PyObject* kwargs)
{
    (void)module;
    const Py_ssize_t count = PyTuple_GET_SIZE(args);
    if (count < 2) {
        PyErr_SetString(PyExc_TypeError, "call_in_thread(begin, function, *args, **kwargs)");
        return NULL;
    }
    PyObject* begun = PyObject_CallNoArgs(PyTuple_GET_ITEM(args, 0));
    if (begun == NULL)
        PyErr_Clear();
    Py_XDECREF(begun);
    PyObject* rest = PyTuple_GetSlice(args, 2, count);
    if (rest == NULL)
        return NULL;
    PyObject* function = PyTuple_GET_ITEM(args, 1);
    /* On the program's stack: the recursion depth the partial and this call took is given back, so that a
     * RecursionError comes at the depth it comes untraced. */
    const ThreadCall call = {function, rest, kwargs};
    PyObject* result = on_programs_stack(call_in_thread_now, &call);
    Py_DECREF(rest);
    if (result != NULL)
        return result;
    /* What Modules/_threadmodule.c's thread_run does with it, here, so that the unraisable hook is given the
     * program's function (CPython's test_thread asserts `unraisable.object is task`), not the partial. */
    if (PyErr_ExceptionMatches(PyExc_SystemExit))
        PyErr_Clear();
    else
#if PY_VERSION_HEX >= 0x030D0000
        PyErr_FormatUnraisable("Exception ignored in thread started by %R", function);
#else
        _PyErr_WriteUnraisableMsg("in thread started by", function);
#endif
    Py_RETURN_NONE;
}
