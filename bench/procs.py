"""The processes under test: started with their output in a log file, awaited on their port, stopped
with SIGTERM by pid (their children too), and their resident memory read from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.cpu import process_table

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WAHOOK = str(Path(sys.executable).with_name("wahook"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}; see {log}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{proc.args!r} did not listen on {port} within {timeout} s; see {log}")


@dataclass
class Proc:
    label: str
    popen: subprocess.Popen[bytes]


@dataclass
class Fleet:
    """Processes started for one measurement; `logs` holds their output."""

    logs: Path
    procs: list[Proc] = field(default_factory=list)

    def start(self, label: str, command: list[str], env: Mapping[str, str], port: int | None) -> Proc:
        log = self.logs / f"{label.replace(' ', '_')}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, cwd=REPO
            )
        proc = Proc(label, popen)
        self.procs.append(proc)
        if port is not None:
            wait_for_port(port, popen, log)
        return proc

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.popen.poll() is None:
                proc.popen.send_signal(signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.popen.kill()
                proc.popen.wait()
        self.procs.clear()


@contextmanager
def fleet(logs: Path) -> Iterator[Fleet]:
    f = Fleet(logs)
    try:
        yield f
    finally:
        f.stop()


def children(pid: int) -> list[int]:
    """Direct children of pid (uvicorn's worker processes, say)."""
    return [child for child, (parent, _) in process_table().items() if parent == pid]


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB, or zeros for a process that is gone."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return values["VmRSS"], values["VmHWM"]


class MemoryWatch:
    """Samples the peak resident memory of each process (and its children) while load runs; the
    kernel's own high-water mark (VmHWM) is read too, so a peak between samples is not missed."""

    def __init__(self, procs: list[Proc]) -> None:
        self.procs = procs
        self.peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def _sample(self) -> None:
        for proc in self.procs:
            pids = [(proc.label, proc.popen.pid)]
            kids = children(proc.popen.pid)
            pids += [(f"{proc.label} child {i + 1}", pid) for i, pid in enumerate(sorted(kids))]
            for label, pid in pids:
                rss, hwm = memory_mb(pid)
                if rss or hwm:  # gone (a one-shot command, say): nothing to report
                    self.peak[label] = max(self.peak.get(label, 0.0), rss, hwm)
