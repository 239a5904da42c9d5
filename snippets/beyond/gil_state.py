"""How this interpreter was built, and whether the GIL is on right now."""

import sys
import sysconfig

print(f"Python {sys.version.split()[0]}")
print(f"built free-threaded (Py_GIL_DISABLED): {bool(sysconfig.get_config_var('Py_GIL_DISABLED'))}")
is_gil_enabled = getattr(sys, "_is_gil_enabled", None)  # Python 3.13+; older builds always have the GIL
print(f"GIL enabled right now: {is_gil_enabled() if is_gil_enabled else True}")
