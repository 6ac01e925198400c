"""Output files written from Python, with the discipline of the C++ writers (``kneeload::io``):
the target is checked before any work, written under a unique temporary name in its directory
and renamed only when complete (never a partial file under the final name; two writers to one
name never touch each other's temporary files), and SIGTERM, as a cancelled cluster job
receives it, cancels the work like Ctrl-C so that the temporary file is removed."""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

__all__ = ["OutputFile", "Terminated", "history_line", "output_file", "sigterm_cancels"]


class Terminated(SystemExit):
    """SIGTERM arrived while kneeload was computing or writing: the work was cancelled and its
    temporary file removed. A ``SystemExit`` with status 143 (128 + SIGTERM, the shell's status
    of a process ended by SIGTERM), so an uncaught one ends the program as SIGTERM would.

    Examples
    --------
    >>> import kneeload
    >>> kneeload.Terminated().code
    143
    """

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)

    def __reduce__(self) -> tuple[type[Terminated], tuple[()]]:
        # Rebuilt without arguments (its code is fixed): pickled from a Dask or multiprocessing
        # worker, copied, it stays a Terminated.
        return (Terminated, ())


@contextmanager
def sigterm_cancels() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` in the main thread, as Ctrl-C raises
    ``KeyboardInterrupt`` (the C++ engine checks for both about every 0.1 s and cancels).

    Only where SIGTERM would otherwise end the process at once (its default action) and only in
    the main thread (the only one where Python runs signal handlers); a handler the program set
    itself is left alone.
    """
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not in_main_thread or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def history_line(command: str) -> str:
    """A CF ``history`` line: the creation time (UTC, ISO 8601) and the command that made it."""
    return f"{datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ}: {command}"


class OutputFile:
    """A file being written: write to :attr:`path`, then :meth:`commit` renames it to the target.

    Attributes
    ----------
    path : str
        Where to write now: the temporary file, or the target itself when that is a device or
        pipe (``/dev/stdout``), which cannot be replaced.
    target : str
        The file the user asked for.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self.path = target if _is_special_file(target) else _create_temporary_beside(target)
        self._committed = self.path == target

    def commit(self) -> None:
        """Renames the complete temporary file to the target (atomic within a file system)."""
        if self._committed:
            return
        try:
            os.replace(self.path, os.path.realpath(self.target))
        except OSError as error:
            self.discard()
            raise OSError(error.errno, f"cannot rename the temporary file to '{self.target}'", self.target) from None
        self._committed = True

    def discard(self) -> None:
        """Removes the temporary file unless committed (nothing else is ever touched)."""
        if not self._committed:
            try:
                os.remove(self.path)
            except FileNotFoundError:
                pass
            self._committed = True


@contextmanager
def output_file(target: str | os.PathLike[str] | None) -> Iterator[OutputFile | None]:
    """Checks ``target`` and creates its temporary file now, before any work; removes it on the
    way out unless committed. ``None`` for no output.

    Parameters
    ----------
    target : str or os.PathLike or None
        The output's final path; None for no output.

    Raises
    ------
    OSError
        The target is a directory or its directory is missing, read-only or not writable (the
        error names the target and the cause).
    """
    if target is None:
        yield None
        return
    file = OutputFile(os.fspath(target))
    try:
        yield file
    finally:
        file.discard()


def _is_special_file(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _create_temporary_beside(target: str) -> str:
    """A unique temporary file ("<target>.<random>.tmp", created with O_EXCL) beside the file the
    target names (through a symbolic link: beside the file it points to), with the usual mode."""
    if os.path.isdir(target):
        raise OSError(errno.EISDIR, f"cannot write the output file '{target}': {os.strerror(errno.EISDIR)}", target)
    resolved = os.path.realpath(target)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=os.path.basename(resolved) + ".", suffix=".tmp", dir=os.path.dirname(resolved) or "."
        )
    except OSError as error:
        message = f"cannot create a temporary file beside '{target}': {error.strerror}"
        raise OSError(error.errno, message, target) from None
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(descriptor, 0o666 & ~umask)  # mkstemp makes it private; a new file gets the umask's mode
    os.close(descriptor)
    return temporary
