/* channel.emit_raw and control.now_ns in C: the tracer's hot path, for the Python it was built for. The module
 * also holds _programstack.c's functions: run_file and run_code, which run the script as `python3 SCRIPT` does,
 * its stack its own; call_handler, which gives a signal handler the program's frame with none of the tracer's
 * below it; and call_in_thread, which does the same for a thread _thread starts.
 *
 * Why by hand: a traced queue put/get or lock acquire/release spends most of its added time recording
 * its event, and most of that in finding the program's frame (_usersite.c). `threadline-bench python` measures
 * the difference: it reports which emitter ran.
 *
 * The Python functions (channel.emit_raw, control.now_ns) stay the reference for the events. They run whenever this
 * module cannot be loaded: its file name carries the ABI tag of the Python it was built for, so any other
 * Python never loads it. tests/pysource/tst_pythonspeedups.cpp runs programs both ways and compares their
 * events field by field. */

#include "_speedups.h"

typedef struct {
    PyObject* local;        /* channel._local: its `lane` attribute is the calling thread's Lane */
    PyObject* files;        /* channel._files: co_filename -> string id of a user file, 0 for others */
    PyObject* classify;     /* channel._classify(filename): fills in a missing entry of files */
    PyObject* current_lane; /* channel.current_lane(): makes the lane of a thread that has none */
    PyObject* control;      /* the control module: hold() */
    PyObject* control_dict; /* its globals: paused, _clock */
} Config;

static Config config;

static PyObject* str_lane;
static PyObject* str_id;
static PyObject* str_buf;
static PyObject* str_append;
static PyObject* str_paused;
static PyObject* str_hold;
static PyObject* str_clock;

/* A borrowed global of the control module, or NULL with an error set. */
static PyObject* control_global(PyObject* name)
{
    PyObject* value = PyDict_GetItemWithError(config.control_dict, name);
    if (value == NULL && !PyErr_Occurred())
        PyErr_Format(PyExc_AttributeError, "control has no %R", name);
    return value;
}

/* control.now_ns(): control._clock is (monotonic ns at the segment's start, clock ns then, rate). The
 * GIL is held from reading the tuple to reading the clock, so no change can come in between. */
static int clock_now(int64_t* out)
{
    PyObject* clock = control_global(str_clock);
    if (clock == NULL)
        return -1;
    if (!PyTuple_Check(clock) || PyTuple_GET_SIZE(clock) != 3) {
        PyErr_SetString(PyExc_TypeError, "control._clock is not a (since, base, rate) tuple");
        return -1;
    }
    const int64_t since = PyLong_AsLongLong(PyTuple_GET_ITEM(clock, 0));
    const int64_t base = PyLong_AsLongLong(PyTuple_GET_ITEM(clock, 1));
    const double rate = PyFloat_AsDouble(PyTuple_GET_ITEM(clock, 2));
    if (PyErr_Occurred())
        return -1;
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) { /* what time.monotonic_ns() reads */
        PyErr_SetFromErrno(PyExc_OSError);
        return -1;
    }
    const int64_t t = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
    /* As control.now_ns computes it: an exact sum at rate 1, else int() of the float product. */
    *out = rate == 1.0 ? base + (t - since) : base + (int64_t)((double)(t - since) * rate);
    return 0;
}

/* `if control.paused: control.hold()` */
static int hold_if_paused(void)
{
    PyObject* paused = control_global(str_paused);
    if (paused == NULL)
        return -1;
    const int truth = PyObject_IsTrue(paused);
    if (truth <= 0)
        return truth;
    PyObject* held = PyObject_CallMethodNoArgs(config.control, str_hold);
    if (held == NULL)
        return -1;
    Py_DECREF(held);
    return 0;
}

/* A new reference to the calling thread's Lane. */
static PyObject* calling_lane(void)
{
    PyObject* lane = PyObject_GetAttr(config.local, str_lane);
    if (lane != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return lane;
    PyErr_Clear();
    return PyObject_CallNoArgs(config.current_lane);
}

/* An unsigned field that must fit `bits`, as struct.pack checks "I" (32), "H" (16) and "B" (8). */
static int as_field(PyObject* value, int bits, uint64_t* out)
{
    const unsigned long long v = PyLong_AsUnsignedLongLong(value);
    if (v == (unsigned long long)-1 && PyErr_Occurred())
        return -1;
    if (v >> bits) {
        PyErr_Format(PyExc_OverflowError, "event field %llu does not fit in %d bits", v, bits);
        return -1;
    }
    *out = v;
    return 0;
}

static void put_le(unsigned char* at, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        at[i] = (unsigned char)(value >> (8 * i));
}

/* channel.EVENT ("<qIIIIIHBB"): ts, lane, a, b, c, file, line, kind, flags. */
static PyObject* pack_event(int64_t ts, const uint64_t fields[5], long line, uint64_t kind, uint64_t flags)
{
    PyObject* event = PyBytes_FromStringAndSize(NULL, 32);
    if (event == NULL)
        return NULL;
    unsigned char* at = (unsigned char*)PyBytes_AS_STRING(event);
    put_le(at, (uint64_t)ts, 8);
    for (int i = 0; i < 5; ++i)
        put_le(at + 8 + 4 * i, fields[i], 4);
    put_le(at + 28, (uint64_t)(line < 65536 ? line : 65535), 2);
    at[30] = (unsigned char)kind;
    at[31] = (unsigned char)flags;
    return event;
}

/* Packs the event and appends it to lane.buf. 0 on success. */
static int record(PyObject* lane, PyObject* const* args, long fid, long line)
{
    uint64_t fields[5], kind, flags; /* fields: lane id, a, b, c, file */
    PyObject* id = args[7] == Py_None ? PyObject_GetAttr(lane, str_id) : Py_NewRef(args[7]);
    if (id == NULL)
        return -1;
    const int ok = as_field(id, 32, &fields[0]) == 0 && as_field(args[3], 32, &fields[1]) == 0 &&
                   as_field(args[4], 32, &fields[2]) == 0 && as_field(args[5], 32, &fields[3]) == 0 &&
                   as_field(args[2], 8, &kind) == 0 && as_field(args[6], 8, &flags) == 0;
    Py_DECREF(id);
    if (!ok)
        return -1;
    fields[4] = (uint64_t)fid;
    int64_t ts;
    if (args[1] == Py_None) {
        if (clock_now(&ts) != 0)
            return -1;
    } else if ((ts = PyLong_AsLongLong(args[1])) == -1 && PyErr_Occurred()) {
        return -1;
    }
    PyObject* event = pack_event(ts, fields, line, kind, flags);
    if (event == NULL)
        return -1;
    PyObject* buf = PyObject_GetAttr(lane, str_buf);
    PyObject* appended = buf == NULL ? NULL : PyObject_CallMethodOneArg(buf, str_append, event);
    Py_XDECREF(buf);
    Py_DECREF(event);
    if (appended == NULL)
        return -1;
    Py_DECREF(appended);
    return 0;
}

/* emit_raw(depth, ts, kind, a, b, c, flags, on) -> the calling thread's Lane: channel.emit_raw. */
static PyObject* emit_raw(PyObject* module, PyObject* const* args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 8) {
        PyErr_Format(PyExc_TypeError, "emit_raw takes 8 arguments (%zd given)", nargs);
        return NULL;
    }
    if (config.control == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "emit_raw before configure()");
        return NULL;
    }
    const long depth = PyLong_AsLong(args[0]);
    if (depth == -1 && PyErr_Occurred())
        return NULL;
    if (hold_if_paused() != 0)
        return NULL;
    PyObject* lane = calling_lane();
    if (lane == NULL)
        return NULL;
    long fid, line;
    if (user_site(config.files, config.classify, depth, &fid, &line) != 0 || record(lane, args, fid, line) != 0) {
        Py_DECREF(lane);
        return NULL;
    }
    return lane;
}

static PyObject* now_ns(PyObject* module, PyObject* unused)
{
    (void)module;
    (void)unused;
    if (config.control == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "now_ns before configure()");
        return NULL;
    }
    int64_t ts;
    return clock_now(&ts) == 0 ? PyLong_FromLongLong(ts) : NULL;
}

/* configure(local, files, classify, current_lane, control): what emit_raw reads, from channel.py. */
static PyObject* configure(PyObject* module, PyObject* const* args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5) {
        PyErr_Format(PyExc_TypeError, "configure takes 5 arguments (%zd given)", nargs);
        return NULL;
    }
    if (!PyDict_Check(args[1]) || !PyModule_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "configure: files must be a dict and control a module");
        return NULL;
    }
    Py_XSETREF(config.local, Py_NewRef(args[0]));
    Py_XSETREF(config.files, Py_NewRef(args[1]));
    Py_XSETREF(config.classify, Py_NewRef(args[2]));
    Py_XSETREF(config.current_lane, Py_NewRef(args[3]));
    Py_XSETREF(config.control, Py_NewRef(args[4]));
    Py_XSETREF(config.control_dict, Py_NewRef(PyModule_GetDict(args[4])));
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"emit_raw", (PyCFunction)(void (*)(void))emit_raw, METH_FASTCALL,
     "emit_raw(depth, ts, kind, a, b, c, flags, on): channel.emit_raw, in C."},
    {"now_ns", now_ns, METH_NOARGS, "control.now_ns, in C."},
    {"run_file", (PyCFunction)(void (*)(void))run_file, METH_FASTCALL,
     "run_file(path, globals): runs the script at path in globals, as `python3 SCRIPT` does."},
    {"run_code", (PyCFunction)(void (*)(void))run_code, METH_FASTCALL,
     "run_code(code, globals): exec(code, globals), with the program's stack its own."},
    {"run_call", (PyCFunction)(void (*)(void))run_call, METH_FASTCALL,
     "run_call(function, args): function(*args), with the program's stack its own."},
    {"call_handler", (PyCFunction)(void (*)(void))call_handler, METH_FASTCALL,
     "call_handler(handler, prefix, signum, frame): handler(signum, the innermost frame not under prefix)."},
    {"call_in_thread", (PyCFunction)(void (*)(void))call_in_thread, METH_VARARGS | METH_KEYWORDS,
     "call_in_thread(begin, function, *args, **kwargs): begin(), then function(*args, **kwargs)."},
    {"set_hook", (PyCFunction)(void (*)(void))set_hook, METH_FASTCALL | METH_KEYWORDS,
     "set_hook(setter, wrap, *args, **kwargs): setter(wrap(hook)) for one hook but None, else setter(*args)."},
    {"get_hook", (PyCFunction)(void (*)(void))get_hook, METH_FASTCALL | METH_KEYWORDS,
     "get_hook(getter, *args, **kwargs): getter()'s hook, or the program's one it wraps."},
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL,
     "configure(local, files, classify, current_lane, control)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "_threadline_tracer._speedups",
    "The tracer's hot path in C.",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit__speedups(void)
{
    PyObject** slots[] = {&str_lane, &str_id, &str_buf, &str_append, &str_paused, &str_hold, &str_clock};
    const char* names[] = {"lane", "id", "buf", "append", "paused", "hold", "_clock"};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; ++i)
        if ((*slots[i] = PyUnicode_InternFromString(names[i])) == NULL)
            return NULL;
    user_site_init();
    return PyModule_Create(&module_def);
}
