# Threadline's Python tracer: `python3 threadline_trace.py --fd N [options] SCRIPT [args]` runs SCRIPT
# as `python3 SCRIPT args` would, and sends its threads' events to Threadline on fd N.
# See _threadline_tracer/runner.py. This file stays readable by any Python, so that an old one says
# what it lacks instead of failing with a SyntaxError of the tracer's.
import sys

if sys.version_info < (3, 11):
    sys.stderr.write("threadline: this is Python %s; the tracer needs Python 3.11 or newer\n"
                     % sys.version.split()[0])
    sys.exit(2)

import os  # noqa: E402

_here = os.path.dirname(os.path.abspath(__file__))
if sys.path[:1] != [_here]:
    sys.path.insert(0, _here)  # under -P or PYTHONSAFEPATH Python did not put it there

# The tracer's bytecode is cached beside it (Threadline keeps the tracer in the user's cache folder), even
# when the program runs with -B or PYTHONDONTWRITEBYTECODE: compiling the tracer costs 14 ms a run.
# runner.main gives the program its own setting back before the program's first line.
_dont_write_bytecode = sys.dont_write_bytecode
sys.dont_write_bytecode = False
from _threadline_tracer import runner  # noqa: E402

runner.main(sys.argv[1:], _dont_write_bytecode)
