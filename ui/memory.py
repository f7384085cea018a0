"""Process-wide memory settings for the server: the mmap threshold, applied once when the shell is first imported,
and giving freed memory back to the system after a user removes their uploaded data.

glibc serves large allocations with their own ``mmap`` (given back to the system
when freed) only up to a threshold that it raises by itself, up to 32 MB, after
the first large blocks are freed. From then on the large temporary arrays of
each page run come from the heap and the server does not shrink after freeing
them, so its memory grows with every extra session on a large data set, far
less with the threshold fixed at 128 kB. This fixes it, as
``MALLOC_MMAP_THRESHOLD_=131072`` in the environment would. It does nothing off glibc (macOS, Windows, musl).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
MMAP_THRESHOLD_BYTES = 128 * 1024


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, found once (``find_library`` runs ``ldconfig``); None off Linux or when it cannot be loaded."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def _call_libc(name: str, *arguments: int) -> bool:
    """``name(*arguments)`` from glibc, True when it returned non-zero; False off glibc (macOS, Windows, musl)."""
    function = getattr(_libc(), name, None)
    return bool(function(*arguments)) if function is not None else False


def fix_mmap_threshold() -> bool:
    """Ask glibc to keep serving allocations of 128 kB or more with ``mmap``; True when it agreed."""
    return _call_libc("mallopt", M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def return_freed_memory() -> bool:
    """Ask glibc to give the heap's free pages back to the system (``malloc_trim``); True when it released any.

    Called after "Remove my data": the frames were freed, but the server's resident memory stayed 17 MB above
    where it was before the upload, because glibc keeps freed heap pages for reuse. Nothing off glibc.
    """
    return _call_libc("malloc_trim", 0)
