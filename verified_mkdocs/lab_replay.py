"""Inside the labs' kernel: record the experiments the first language's notebook runs, replay
them for the other languages' notebooks (verified_mkdocs/lab_runs.py runs them in one kernel).

The labs' twins call the same experiments with the same arguments and differ only in their
words, so the second language shows the figures the first one measured instead of measuring
them again. Only calls made by the notebook's own code are recorded, to functions of the
project's `snippets` modules; an experiment's calls inside its module are not (its repeats
must stay repeats). Each call is keyed by the function, its arguments and the module's plain
settings (a lab may set `experiment.SERVER_DELAY`); the n-th call with a key in a later
notebook gets the n-th result the first notebook got with it. A call the first notebook did
not make runs.

Standard library only: it runs in the kernel, which imports neither MkDocs nor Jupyter's tools.
"""

from __future__ import annotations

import copy
import functools
import sys
import types
from collections import Counter

PACKAGE = "snippets."  # the project's experiments
_recorded: dict[tuple, list] = {}  # key -> results in call order, from the first notebook
_calls: Counter = Counter()  # key -> calls made so far by the current notebook
_recording = True


def start(ipython, *, replay: bool) -> None:
    """From a hidden cell before each notebook's cells: `replay` for a lab's twin, not for the
    first language of a lab (whose experiments are recorded afresh)."""
    global _recording
    _recording = not replay
    _calls.clear()
    if not replay:
        _recorded.clear()
    ipython.reset(new_session=False)  # each notebook starts with an empty namespace
    if _wrap_namespace not in ipython.events.callbacks["post_run_cell"]:
        ipython.events.register("post_run_cell", _wrap_namespace)


def _wrap_namespace(result=None) -> None:
    """After each cell: the notebook's names for snippets modules and their functions go
    through the recorder."""
    import IPython  # present wherever this runs: the kernel is ipykernel

    namespace = IPython.get_ipython().user_ns
    for name, value in list(namespace.items()):
        if isinstance(value, types.ModuleType) and value.__name__.startswith(PACKAGE):
            namespace[name] = _ModuleView(value)
        elif isinstance(value, types.FunctionType) and (value.__module__ or "").startswith(PACKAGE):
            namespace[name] = _recorder(value)


class _ModuleView(types.ModuleType):
    """A snippets module as the notebook sees it: its functions recorded, settings written through."""

    def __init__(self, module: types.ModuleType) -> None:
        super().__init__(module.__name__, module.__doc__)
        object.__setattr__(self, "_module", module)

    def __getattr__(self, name):
        value = getattr(self._module, name)
        if isinstance(value, types.FunctionType) and value.__module__ == self._module.__name__:
            return _recorder(value)
        return value

    def __setattr__(self, name, value):
        setattr(self._module, name, value)

    def __dir__(self):
        return dir(self._module)


@functools.lru_cache(maxsize=None)
def _recorder(function):
    if getattr(function, "_recorded", False):
        return function

    @functools.wraps(function)
    def recorded(*args, **kwargs):
        key = (function.__module__, function.__qualname__, repr(args), repr(sorted(kwargs.items())),
               _settings(function.__module__))
        index = _calls[key]
        _calls[key] += 1
        earlier = _recorded.get(key, [])
        if not _recording and index < len(earlier):
            return _copy(earlier[index])
        value = function(*args, **kwargs)
        if _recording:
            _recorded.setdefault(key, []).append(_copy(value))
        return value

    recorded._recorded = True
    return recorded


def _settings(module_name: str) -> str:
    module = sys.modules[module_name]
    plain = (int, float, str, bool, type(None))
    return repr(sorted((k, v) for k, v in vars(module).items() if k.isupper() and isinstance(v, plain)))


def _copy(value):
    try:
        return copy.deepcopy(value)  # a notebook that changes a result changes only its own
    except Exception:  # something that cannot be copied (a lock, a process) is shared as it is
        return value
