"""Real services for the reliability tests and the delivery benchmark.

A private redis-server on a free port (the shared Redis is never touched), an aiosmtpd
sink that can be down, refuse or stall, and Celery worker/beat subprocesses that use the
same database as the caller.
"""

import asyncio
import collections
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, interval: float = 0.1, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(interval)
    raise TimeoutError(message or f"not within {timeout} s: {condition}")


class RedisServer:
    """redis-server without persistence: stopping it loses whatever was queued in it."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_until(lambda: _pings(client), timeout=10, message="redis-server did not start")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=0.5)

    def stop(self):
        if self.running:
            self.process.kill()
            self.process.wait()


class BlackHole:
    """A loopback TCP server that accepts connections and never answers: what a stuck or
    overloaded Redis, or a half-open network path, looks like to a client."""

    def __init__(self):
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self):
        while True:
            try:
                self._accepted.append(self._server.accept()[0])
            except OSError:  # closed
                return

    def stop(self):
        self._server.close()
        for connection in self._accepted:
            connection.close()


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


class SMTPSink:
    """An SMTP server that records the Message-ID of each message it accepted (replied
    250 to). `refuse` answers 451 to every recipient; `stall_at` makes the n-th DATA
    (1-based) wait before replying — while stalled it has not accepted the message, and
    if the client goes away the message is discarded, as a real server does.
    With `accept_before_stall` the message is recorded first: the server accepted it and
    only the reply is lost (the duplicate window no SMTP client can close)."""

    def __init__(self):
        self.port = free_port()
        self._lock = threading.Lock()
        self._controller = None
        self.reset()

    def reset(self):
        with self._lock:
            self.received: list[str] = []
            self.discarded: list[str] = []
            self.refuse = False
            self.stall_at = None
            self.accept_before_stall = False
            self.stalled = threading.Event()
            self.data_count = 0
            self.delay = 0.0  # seconds before accepting each message (a slow server)

    def start(self):
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    @property
    def stopped(self) -> bool:
        return self._controller is None

    def stop(self):
        if self._controller:
            self._controller.stop()
            self._controller = None

    def counts(self) -> collections.Counter:
        with self._lock:
            return collections.Counter(self.received)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message_id = _message_id(envelope.content)
        with self._lock:
            self.data_count += 1
            stall = self.data_count == self.stall_at
            if stall and self.accept_before_stall:
                self.received.append(message_id)
        if stall:
            self.stalled.set()
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:  # the client went away before our reply
                if not self.accept_before_stall:
                    with self._lock:
                        self.discarded.append(message_id)
                raise
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.received.append(message_id)
        return "250 Message accepted for delivery"


def _message_id(content: bytes) -> str:
    """The Message-ID header, without parsing the whole message (the benchmark's sink
    must not be the bottleneck)."""
    headers = content.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    for line in headers.splitlines():
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    return email.message_from_bytes(content)["Message-ID"]


class CeleryWorker:
    """`celery -A config worker` in its own process group, logging to a file."""

    def __init__(self, name: str, env: dict, directory: Path, *, beat=False, concurrency=1):
        self.name, self.env, self.beat, self.concurrency = name, env, beat, concurrency
        self.log = directory / f"{name}.log"
        self.directory = directory
        self.process = None

    def start(self, *, wait: bool = True):
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info",
                   "-n", f"{self.name}@%h", "-P", "prefork", "-c", str(self.concurrency),
                   "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
        if self.beat:
            # Embedded beat: a forked child, so no second Django start-up to wait for.
            command += ["-B", "-s", str(self.directory / f"{self.name}-schedule")]
        self.started_at = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        if wait:
            self.wait_ready()

    def wait_ready(self):
        wait_until(
            lambda: " ready." in self.output() or self.process.poll() is not None,
            timeout=90,
            message=f"{self.name} did not start",
        )
        assert self.process.poll() is None, self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[self.started_at :]

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def child_connected_to(self, port: int) -> int:
        """The pool process holding a TCP connection to `port` (the one sending)."""
        inodes = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[2].split(":")[1], 16) == port:
                inodes.add(fields[9])
        for pid in self.children():
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    target = os.readlink(fd)
                except OSError:
                    continue
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return pid
        raise LookupError(f"no child of {self.name} is connected to port {port}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the main process and its children so far."""
        ticks = 0
        for pid in [self.process.pid, *self.children()]:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def peak_memory_kib(self) -> int:
        """Peak resident memory (VmHWM) of the main process plus its children."""
        total = 0
        for pid in [self.process.pid, *self.children()]:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        return total

    def kill(self):
        """SIGKILL the whole worker (main process and pool): nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        # Pool children of a killed main process may linger for a moment.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, AttributeError):
            pass


def service_env(*, database_url: str, redis_url: str, smtp_port: int, **timings) -> dict:
    """The environment for worker processes: the caller's database, the private
    Redis and the sink; `timings` like OUTBOX_LEASE_SECONDS=4 shorten the outbox."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "COV_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test_worker",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in timings.items()})
    return env


def database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"
