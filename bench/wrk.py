"""Runs Debian's wrk with bench/wrk_bodies.lua and reads the JSON line its done() prints."""

from __future__ import annotations

import json
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

WRK = "/usr/bin/wrk"
SCRIPT = Path(__file__).with_name("wrk_bodies.lua")
THREADS = 2


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    # Answers that were not 2xx (wrk counts >399 itself; `once` mode counts every non-2xx).
    errors: int
    socket_errors: int
    # Requests sent after the bodies file ran out (repeats: the file was too small for the rate).
    wrapped: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run(
    url: str, bodies: Path, seconds: float, connections: int, rate: float = 0, once: bool = False
) -> WrkResult:
    command = [
        WRK,
        *("-t", str(THREADS), "-c", str(connections), "-d", f"{max(1, round(seconds))}s"),
        *("--timeout", "30s", "--latency", "-s", str(SCRIPT), url),
        *("--", str(bodies), str(THREADS), str(rate), "once" if once else "loop"),
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        lines, done = [], 0
        for line in proc.stdout:
            lines.append(line)
            done += line.startswith("BENCH_THREAD_DONE")
            if once and done == THREADS:
                proc.send_signal(signal.SIGINT)  # wrk then stops and reports, as on Ctrl-C
    if proc.returncode:
        raise RuntimeError(f"wrk exited with {proc.returncode}:\n{''.join(lines)}")
    out = "".join(lines)
    found = next((x for x in out.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if found is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    r = json.loads(found.removeprefix("BENCH_RESULT "))
    return WrkResult(
        requests=r["requests"],
        seconds=r["duration_us"] / 1e6,
        p50_ms=r["p50_us"] / 1000,
        p90_ms=r["p90_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
        max_ms=r["max_us"] / 1000,
        errors=max(r["status_errors"], r["non2xx"]),
        # In `once` mode idle connections are counted as timeouts by wrk: a lost answer shows as a
        # thread that never finishes (and a reply missing end to end) instead.
        socket_errors=r["socket_errors"] + (0 if once else r["timeouts"]),
        wrapped=r["wrapped"],
    )
