# Threadline's Python tracer: `python3 threadline_trace.py --fd N [options] SCRIPT [args]` runs SCRIPT
# as `python3 SCRIPT args` would, and sends its threads' events to Threadline on fd N.
# See _threadline_tracer/runner.py. This file stays readable by any Python, so that an old one says
# what it lacks instead of failing with a SyntaxError of the tracer's.
import sys

if sys.version_info < (3, 8):
    sys.stderr.write("threadline: this is Python %s; the tracer needs Python 3.8 or newer\n"
                     % sys.version.split()[0])
    sys.exit(2)

import os  # noqa: E402

_here = os.path.dirname(os.path.abspath(__file__))
if sys.path[:1] != [_here]:
    sys.path.insert(0, _here)  # under -P or PYTHONSAFEPATH Python did not put it there

from _threadline_tracer import runner  # noqa: E402

runner.main(sys.argv[1:])
