"""The real app in a pseudo-terminal, for the tests that drive it as a person would (POSIX only)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path


class Terminal:
    """The real app in a pseudo-terminal: keys in, screen bytes out."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "quiz", *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO once the app has closed the terminal
                return
            if not data:
                return
            with self._lock:
                self.output.extend(data)

    def screen(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        if not condition():
            raise AssertionError(f"waited for {what}; exit code {self.proc.poll()}; screen ends {self.screen()[-400:]!r}")

    def wait_for_text(self, text: str, timeout: float = 10) -> None:
        self.wait_for(lambda: text.encode() in self.screen(), repr(text), timeout)

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._reader.join(5)
        os.close(self.master)
