"""Time an HTML graph page in headless Chromium until its vis-network layout settles (bench helper).

A probe script, put into a copy of the page right after vis-network's JS, wraps `vis.Network` so
every network the page creates reports `stabilizationIterationsDone`, `stabilized` and its draws
into `window.__plankgBench` (times in ms from navigation start: `performance.now()`). Our own page
(graph/viz.py) also sets `PlankgViz.timing.stabilized` when it switches physics off: that is its
"settled" time. A page "settles" when its network stops moving: our flag, else vis's `stabilized`.

Driven by selenium with the Debian `chromium` + `chromium-driver` packages, as tests/test_web_e2e.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1366, 900)

PROBE = """<script id="plankg-bench-probe">
(function () {
  const B = (window.__plankgBench = { events: {}, draws: [] });
  const mark = (name) => { if (!(name in B.events)) B.events[name] = performance.now(); };
  const Original = vis.Network;
  vis.Network = function (container, data, options) {
    const network = new Original(container, data, options);
    mark("constructed");
    network.once("stabilizationIterationsDone", () => mark("iterationsDone"));
    network.once("stabilized", () => mark("stabilized"));
    network.on("afterDrawing", () => { if (B.draws.length < 1000) B.draws.push(performance.now()); });
    B.progress = [];
    network.on("stabilizationProgress", (p) => B.progress.push([p.iterations, performance.now()]));
    return network;
  };
  vis.Network.prototype = Original.prototype;
  window.addEventListener("load", () => mark("load"));
})();
</script>
"""
# Read back by `time_page`: ms from navigation start, or null while not there yet.
RESULT_JS = """
const B = window.__plankgBench;
if (!B) return null;
const own = window.PlankgViz && window.PlankgViz.timing && window.PlankgViz.timing.stabilized;
const settled = own !== undefined && own !== null && own !== false ? own : B.events.stabilized;
if (settled === undefined) return null;
const drawn = B.draws.find((t) => t >= settled);
if (drawn === undefined) return null;
return { settled: settled, drawn: drawn, events: B.events, progress: B.progress };
"""
PROGRESS_JS = "return window.__plankgBench ? window.__plankgBench.events : null;"
_CDN_TAG_RE = re.compile(
    r"<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>"
    r"|<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.DOTALL,
)


@dataclass(frozen=True)
class PageTiming:
    """One page run. Times in seconds from navigation start; `settled` None when it never settled."""

    settled: float | None  # layout stopped moving (physics off / vis `stabilized`)
    drawn: float | None  # first frame drawn at or after `settled`
    iterations_done: float | None  # vis `stabilizationIterationsDone`
    load: float | None  # the window's load event
    wall: float  # wall clock of the whole run in this process (navigation to settled / timeout)
    timed_out: bool


def with_probe(page_html: str, before: str) -> str:
    """The page with the probe inserted before the first occurrence of `before` (after vis's JS)."""
    if before not in page_html:
        raise ValueError(f"cannot place the probe: {before!r} is not in the page")
    return page_html.replace(before, PROBE + before, 1)


def strip_cdn_tags(page_html: str) -> str:
    """Drop <link>/<script> tags that load from the network (pyvis adds Bootstrap from a CDN)."""
    return _CDN_TAG_RE.sub("", page_html)


def available() -> str | None:
    """None when Chromium, chromedriver and selenium are there; else what is missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    return ", ".join(missing) or None


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium driven by selenium, offline, with a throwaway profile.

    `driver.get` returns at once (page load strategy "none"): a page whose scripts block its main
    thread for minutes (pyvis's defaults at 10,000 nodes) must not block the benchmark.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="plankg-bench-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    options.page_load_strategy = "none"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    previous = _set_env("SE_OFFLINE", "true")  # Selenium Manager must never download anything
    try:
        service = Service(executable_path=str(CHROMEDRIVER))
        driver = webdriver.Chrome(service=service, options=options)
    finally:
        _set_env("SE_OFFLINE", previous)
    try:
        yield driver
    finally:
        _set_client_timeout(driver, 30)
        try:
            driver.quit()
        except Exception:  # a renderer stuck in a script: stop what we started, by process id
            _kill_tree(service.process.pid if service.process else None)
        shutil.rmtree(profile, ignore_errors=True)


def _set_env(name: str, value: str | None) -> str | None:
    old = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    return old


def _set_client_timeout(driver: Any, seconds: float) -> None:
    """Timeout of one HTTP call to chromedriver (a script call waits for the page's main thread)."""
    driver.command_executor.client_config.timeout = seconds


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text(encoding="utf-8")
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(")") + 2 :].split()[1]), []).append(int(entry))
    stack, found = [pid], []
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def _kill_tree(pid: int | None, *, renderers_only: bool = False) -> None:
    """SIGKILL the processes we started under `pid` (only Chromium's renderers, if asked)."""
    if pid is None:
        return
    for victim in _tree(pid):
        if renderers_only:
            try:
                command = Path(f"/proc/{victim}/cmdline").read_bytes()
            except OSError:
                continue
            if b"--type=renderer" not in command:
                continue
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)


def time_page(page: Path, timeout_s: float) -> PageTiming:
    """Open `page` (already carrying the probe) in a fresh headless Chromium and wait until its layout
    settles and is drawn, or `timeout_s` passes (also when the page's main thread never comes free)."""
    with chromium() as driver:
        started = time.perf_counter()
        deadline = started + timeout_s
        driver.set_script_timeout(timeout_s + 30)
        driver.get(page.resolve().as_uri())  # returns at once (page load strategy "none")
        result = None
        blocked = False
        service_pid = driver.service.process.pid
        while not result and (left := deadline - time.perf_counter()) > 0:
            # A script call waits for the page's main thread: if that is still busy at the deadline,
            # the page's renderer is killed, which ends the call (and lets the browser quit cleanly).
            _set_client_timeout(driver, left + 60)
            killer = threading.Timer(left, _kill_tree, args=(service_pid,), kwargs={"renderers_only": True})
            killer.start()
            try:
                result = driver.execute_script(RESULT_JS)
            except Exception:  # the renderer was killed: the main thread was busy until the deadline
                blocked = True
                break
            finally:
                killer.cancel()
            if not result:
                time.sleep(0.05)
        wall = time.perf_counter() - started
        events: dict[str, Any] = {}
        if result:
            events = result["events"]
        elif not blocked:
            _set_client_timeout(driver, 10)
            with contextlib.suppress(Exception):
                events = driver.execute_script(PROGRESS_JS) or {}

    def seconds(value: Any) -> float | None:
        return None if value is None else float(value) / 1000

    return PageTiming(
        settled=seconds(result["settled"]) if result else None,
        drawn=seconds(result["drawn"]) if result else None,
        iterations_done=seconds(events.get("iterationsDone")),
        load=seconds(events.get("load")),
        wall=wall,
        timed_out=result is None,
    )
