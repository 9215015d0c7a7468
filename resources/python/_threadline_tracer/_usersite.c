/* Where an event comes from: the innermost frame of the program's own code (not the tracer's, not the standard
 * library's), as (file id, line), for channel.emit_raw in C (_speedups.c). files is channel._files (co_filename ->
 * string id of a user file, 0 for others), classify channel._classify, which fills in a missing entry.
 *
 * Why by hand: sys._getframe() and f_back make a frame object for every frame they pass. Here, on CPython 3.11,
 * the walk reads the interpreter's own frames and makes none; other versions take the public API's way. */

#include "_speedups.h"

/* The string id of a code object's file: 0 for the tracer and the standard library; -1 with an error. */
static long file_id(PyObject* files, PyObject* classify, PyObject* filename)
{
    PyObject* fid = PyDict_GetItemWithError(files, filename);
    if (fid != NULL)
        return PyLong_AsLong(fid);
    if (PyErr_Occurred())
        return -1;
    PyObject* made = PyObject_CallOneArg(classify, filename);
    if (made == NULL)
        return -1;
    const long id = PyLong_AsLong(made);
    Py_DECREF(made);
    return id;
}

#ifdef THREADLINE_FRAME_WALK_311

static _PyInterpreterFrame* older(_PyInterpreterFrame* frame)
{
    do
        frame = frame->previous;
    while (frame != NULL && _PyFrame_IsIncomplete(frame));
    return frame;
}

/* Line numbers by code object and instruction. Why not PyCode_Addr2Line alone: it decodes the code's line table
 * from its start to the instruction, a cost that grows with the code's length: about 2,700 machine instructions
 * per event from a short script's module code, a sixth of what tracing adds to a thread start and join (measured
 * with callgrind on `threadline-bench python`'s thread program). An event comes from a few places in a code object,
 * so each such code keeps the lines found for it in its co_extra slot (PEP 523's scratch space for tools, freed
 * with the code): the last LINE_SLOTS (instruction offset, line) pairs, the oldest replaced first.
 * `threadline-bench python` measures the difference: its lock and queue programs emit an event per operation. */
#define LINE_SLOTS 8

typedef struct {
    int used;
    int next;
    int offset[LINE_SLOTS];
    int line[LINE_SLOTS];
} LineCache;

static Py_ssize_t line_cache_index = -1; /* the co_extra slot; -1: none could be had, lines are not cached */

static void free_line_cache(void* cache)
{
    PyMem_Free(cache);
}

static LineCache* line_cache_of(PyCodeObject* code)
{
    void* extra = NULL;
    if (_PyCode_GetExtra((PyObject*)code, line_cache_index, &extra) < 0) {
        PyErr_Clear();
        return NULL;
    }
    if (extra != NULL)
        return (LineCache*)extra;
    LineCache* cache = PyMem_Calloc(1, sizeof(LineCache));
    if (cache == NULL)
        return NULL;
    if (_PyCode_SetExtra((PyObject*)code, line_cache_index, cache) < 0) {
        PyErr_Clear();
        PyMem_Free(cache);
        return NULL;
    }
    return cache;
}

static int line_at(PyCodeObject* code, int offset)
{
    LineCache* cache = line_cache_index >= 0 ? line_cache_of(code) : NULL;
    if (cache != NULL)
        for (int i = 0; i < cache->used; ++i)
            if (cache->offset[i] == offset)
                return cache->line[i];
    const int line = PyCode_Addr2Line(code, offset);
    if (cache != NULL) {
        cache->offset[cache->next] = offset;
        cache->line[cache->next] = line;
        cache->next = (cache->next + 1) % LINE_SLOTS;
        if (cache->used < LINE_SLOTS)
            ++cache->used;
    }
    return line;
}

/* (file id, line) of the innermost frame outside the tracer and the standard library, searched from
 * `skip` frames above the calling Python function's own. 0 on success, -1 with an error set. */
int user_site(PyObject* files, PyObject* classify, long skip, long* fid, long* line)
{
    *fid = *line = 0;
    _PyInterpreterFrame* frame = PyThreadState_Get()->cframe->current_frame;
    if (frame != NULL && _PyFrame_IsIncomplete(frame))
        frame = older(frame);
    for (long i = 0; i < skip && frame != NULL; ++i)
        frame = older(frame);
    for (; frame != NULL; frame = older(frame)) {
        const long id = file_id(files, classify, frame->f_code->co_filename);
        if (id == -1 && PyErr_Occurred())
            return -1;
        if (id != 0) {
            *fid = id;
            *line = line_at(frame->f_code, _PyInterpreterFrame_LASTI(frame) * (int)sizeof(_Py_CODEUNIT));
            return 0;
        }
    }
    return 0;
}

#else

/* The same through the public API, which makes a frame object for every frame it passes. */
int user_site(PyObject* files, PyObject* classify, long skip, long* fid, long* line)
{
    *fid = *line = 0;
    PyFrameObject* frame = PyEval_GetFrame();
    Py_XINCREF(frame);
    for (long i = 0; i < skip && frame != NULL; ++i) {
        PyFrameObject* back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    while (frame != NULL) {
        PyCodeObject* code = PyFrame_GetCode(frame);
        PyObject* filename = PyObject_GetAttrString((PyObject*)code, "co_filename");
        Py_DECREF(code);
        const long id = filename == NULL ? -1 : file_id(files, classify, filename);
        Py_XDECREF(filename);
        if (id == -1 && PyErr_Occurred()) {
            Py_DECREF(frame);
            return -1;
        }
        if (id != 0) {
            *fid = id;
            *line = PyFrame_GetLineNumber(frame);
            Py_DECREF(frame);
            return 0;
        }
        PyFrameObject* back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    return 0;
}

#endif

void user_site_init(void)
{
#ifdef THREADLINE_FRAME_WALK_311
    line_cache_index = _PyEval_RequestCodeExtraIndex(free_line_cache); /* -1 once every slot is taken */
#endif
}
