"""bench/fuzz.py at a small count: every mutation kind, signed, sent over real HTTP to a real
`wahook serve` (plain, and with a legacy URL so the Python routing path parses each body) and
given to wahook.process_message; none may be answered 5xx or reset, leave rows when refused, or
fail in the inbox when accepted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.xfail(strict=True, reason="legacy routing answers 500 on non-list entry/changes (fixed next)")
def test_fuzzed_bodies_get_a_200_or_a_4xx_and_nothing_is_half_stored(admin_url: str, tmp_path: Path) -> None:
    out_file = tmp_path / "benchmarks.md"
    out_file.write_text("# Benchmarks\n", encoding="utf-8")
    command = [sys.executable, str(REPO / "bench/fuzz.py"), "--count=300", "--seed=7"]
    result = subprocess.run(
        [*command, f"--server-url={admin_url}", f"--out={out_file}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = result.stdout + result.stderr
    assert "violations: 0" in out, out[-6000:]
    assert result.returncode == 0, out[-6000:]
    written = out_file.read_text(encoding="utf-8")
    assert "<!-- fuzz:begin" in written and "<!-- fuzz:end -->" in written
    rows = [line for line in written.splitlines() if line.startswith("| ")]
    for kind in (
        "nested 5,000 deep",
        "5,000-digit integer",
        '"entry" not an array of objects',
        "20,000 statuses",
    ):
        assert any(line.startswith(f"| {kind} |") for line in rows), f"{kind} was not sent"
