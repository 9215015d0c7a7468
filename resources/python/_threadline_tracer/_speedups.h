/* What the tracer's C files share: _speedups.c (the emitter, the module), _usersite.c (the program's frame an event
 * comes from) and _programstack.c (the program's stack its own: the script, a signal handler, a _thread thread, and
 * the hooks the program sets), one extension module. */
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
/* 3.11's frames, as Python/sysmodule.c (sys._getframe) and Objects/frameobject.c (f_back) walk them. */
#define THREADLINE_FRAME_WALK_311 1
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>
#undef Py_BUILD_CORE
#endif

#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* _usersite.c: (file id, line) of the innermost frame outside the tracer and the standard library, searched from
 * `skip` frames above the calling Python function's own. 0 on success, -1 with an error set. user_site_init() once,
 * as the module is made. */
int user_site(PyObject* files, PyObject* classify, long skip, long* fid, long* line);
void user_site_init(void);

/* _programstack.c's functions, in the module's method table (_speedups.c). */
PyObject* run_file(PyObject* module, PyObject* const* args, Py_ssize_t nargs);
PyObject* run_code(PyObject* module, PyObject* const* args, Py_ssize_t nargs);
PyObject* run_call(PyObject* module, PyObject* const* args, Py_ssize_t nargs);
PyObject* call_handler(PyObject* module, PyObject* const* args, Py_ssize_t nargs);
PyObject* call_in_thread(PyObject* module, PyObject* args, PyObject* kwargs);
PyObject* set_hook(PyObject* module, PyObject* const* args, Py_ssize_t nargsf, PyObject* kwnames);
PyObject* get_hook(PyObject* module, PyObject* const* args, Py_ssize_t nargsf, PyObject* kwnames);
