"""Where the two cores went during a measurement: CPU time (user + system, from /proc) of the server
processes with their children, of the Postgres server with all its backends, and of the load
generator (a waited child of this process, so os.times() has it)."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

TICK = os.sysconf("SC_CLK_TCK")


def process_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds so far) for every process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces: the fields after its closing parenthesis are fixed.
            fields = stat.rsplit(")", 1)[1].split()
            # utime, stime, and cutime, cstime: children that ended (backends of a closed connection).
            table[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / TICK)
    return table


def tree_seconds(table: dict[int, tuple[int, float]], roots: list[int]) -> dict[int, float]:
    """CPU seconds of each process in the trees under `roots`."""
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    found, todo = {}, [r for r in roots if r in table]
    while todo:
        pid = todo.pop()
        found[pid] = table[pid][1]
        todo.extend(kids.get(pid, []))
    return found


def load_generator_seconds() -> float:
    times = os.times()
    return times.children_user + times.children_system


class CpuWatch:
    """CPU seconds used by each group of process trees (and the load generator) within the block."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups
        self.used: dict[str, float] = {}

    def __enter__(self) -> CpuWatch:
        table = process_table()
        self._start = {name: tree_seconds(table, roots) for name, roots in self.groups.items()}
        self._generator = load_generator_seconds()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        table = process_table()
        for name, roots in self.groups.items():
            start = self._start[name]
            self.used[name] = sum(s - start.get(pid, 0.0) for pid, s in tree_seconds(table, roots).items())
        self.used["load generator"] = load_generator_seconds() - self._generator
