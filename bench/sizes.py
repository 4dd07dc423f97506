"""How big each measurement is: full size (--scale 1) takes a few minutes on two cores; --quick and
small scales keep every measurement but make it tiny (the test suite runs it that way)."""

from __future__ import annotations

from dataclasses import dataclass

# The most webhooks per second one saturation run is expected to answer; beyond it bodies repeat
# (wrk reports it as `wrapped`, and the table says so).
EXPECTED_MAX_RATE = 9000


@dataclass(frozen=True)
class Sizes:
    scale: float
    seconds: float  # each saturation run and the pgbench run
    paced_seconds: float
    paced_rate: int = 1000
    connections: int = 64
    pgbench_clients: int = 16
    concurrency: int = 16  # turns (and Procrastinate jobs) one worker process runs at once
    conversations: int = 1000
    messages: int = 5000  # end to end
    history_small: int = 10_000
    history_large: int = 1_000_000
    history_samples: int = 200

    @classmethod
    def of(cls, scale: float) -> Sizes:
        def scaled(full: int, least: int) -> int:
            return max(least, round(full * scale))

        return cls(
            scale=scale,
            seconds=max(1.0, 15 * scale),
            paced_seconds=max(1.0, 10 * scale),
            conversations=scaled(1000, 20),
            messages=scaled(5000, 40),
            history_small=scaled(10_000, 1000),
            history_large=scaled(1_000_000, 10_000),
            history_samples=scaled(200, 10),
        )

    @property
    def saturation_bodies(self) -> int:
        return round(EXPECTED_MAX_RATE * self.seconds)

    @property
    def paced_bodies(self) -> int:
        return round(self.paced_rate * self.paced_seconds * 1.2)
