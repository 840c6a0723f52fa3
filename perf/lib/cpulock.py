"""The machine-wide CPU lock: nothing else benchmarks or tests while we measure.

Engineers sharing a 2-CPU machine serialize CPU-heavy work with flock(1) on one file.
perf/run takes it around each measured unit (one subject's processes, start to stop),
never for the whole run, so that other work can interleave between units.
"""
import contextlib
import fcntl
import os
import time


@contextlib.contextmanager
def held(path, on_wait=None):
    if not path:
        yield 0.0
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        start = time.monotonic()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield time.monotonic() - start
    finally:
        os.close(fd)  # releases the lock


def held_by_caller(path):
    """True if we inherited an open descriptor of `path`: `flock FILE perf/run` passes the
    locked descriptor on, and taking the lock again on a new descriptor would wait forever."""
    try:
        target = os.stat(path)
    except OSError:
        return False
    for name in os.listdir("/proc/self/fd"):
        try:
            info = os.fstat(int(name))
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False
