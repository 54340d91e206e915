"""A local Chroma server for the benchmark, started and always stopped by us, with a bounded lifetime.

`chroma run` listens on 127.0.0.1 only, on a free port, with its data in a
folder we own. A watchdog kills it after `max_seconds` even if the benchmark
hangs, so no server outlives its run.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from ...errors import AssistantError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chroma_executable() -> str:
    """The `chroma` CLI next to this Python, else on PATH."""
    local = Path(sys.executable).with_name("chroma")
    found = str(local) if local.is_file() else shutil.which("chroma")
    if not found:
        raise AssistantError(
            "The 'chroma' command was not found.", "Install chromadb (pip install chromadb)."
        )
    return found


class ChromaServer:
    """`with ChromaServer(path) as srv:` runs `chroma run` on srv.port until the block ends."""

    def __init__(self, path: Path, *, max_seconds: float = 3600, start_timeout: float = 60) -> None:
        self.path = path
        self.port = free_port()
        self.max_seconds = max_seconds
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self._timer: threading.Timer | None = None
        self.log = path.with_suffix(".log")

    def __enter__(self) -> ChromaServer:
        self.path.mkdir(parents=True, exist_ok=True)
        cmd = [
            chroma_executable(),
            "run",
            "--path",
            str(self.path),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self._timer = threading.Timer(self.max_seconds, self.stop)
        self._timer.daemon = True
        self._timer.start()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                tail = self.log.read_text(errors="replace")[-500:] if self.log.is_file() else ""
                raise AssistantError(
                    f"The Chroma server exited at start: {tail}", "See the log: " + str(self.log)
                )
            try:
                with urllib.request.urlopen(url, timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssistantError(
            f"The Chroma server did not answer on port {self.port} within {self.start_timeout:.0f} s.",
            f"See {self.log}.",
        )

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop within 10 s)."""
        if self._timer:
            self._timer.cancel()
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def rss_bytes(self) -> int | None:
        """Resident memory of the server process, or None when it is not running."""
        import psutil

        if self.proc is None:
            return None
        try:
            return int(psutil.Process(self.proc.pid).memory_info().rss)
        except psutil.Error:
            return None
