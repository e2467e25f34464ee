"""One writer at a time per checkout: builds and imports hold `.build-lock` in the project folder.

An advisory `flock`, so the kernel lets go of it when the holder ends, even by `kill -9`: a lock is
never left stale. A second build waits for the first, saying so in one line, and then finds its work done
or redoes what changed.
"""

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".build-lock"


@contextmanager
def build_lock(root, say=print):
    """Hold the checkout's lock for the block; wait (after one line saying who holds it) if it is taken."""
    path = Path(root) / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "unknown"
            say(f"another build of this checkout is running (process {holder}): waiting for it to finish")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock
