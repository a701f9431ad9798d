"""A pool of spawned worker processes, called from the asyncio loop over one socket each.

What concurrent.futures.ProcessPoolExecutor does, without its threads. The executor moves
every call and result through a queue-feeder thread and a manager thread in the calling
process; in the crawl's process, where the reactor needs the GIL for every page, those threads
and their hand-offs cost about as much as all of Scrapy's own work on a page. Here the
crawl's end of each worker's socket is an asyncio transport: a call is one non-blocking write
of a pickle, its result one read on the loop, with nothing in between.

Each worker takes its calls in order and answers them in order, so a worker's unanswered
calls are a FIFO of futures. A call goes to the started worker with the fewest unanswered
calls. When a worker dies (a crash in native code, or killed), its unanswered calls raise
WorkerDied and a fresh worker takes its place. Workers are spawned, not forked: a fork of
the crawl's process would copy its reactor, sockets and threads; a spawned worker starts
clean and imports only what its function needs. A worker ignores SIGINT (Ctrl-C stops the
crawl, which then closes its workers) and ends when the crawl's end of its socket closes,
also when the crawl's process is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import pickle
import signal
import socket
import struct
from collections import deque
from collections.abc import Callable
from typing import Any

# Every message is a length prefix and a pickle. A worker's first message is READY; then it
# answers each call with (True, result) or (False, (exception type name, message)).
HEADER = struct.Struct("!Q")
READY = "ready"
JOIN_TIMEOUT = 10.0  # seconds a closed worker may take to finish its page and go


class WorkerDied(Exception):
    """The worker process ended before it answered the call."""


class WorkerError(Exception):
    """The worker's function, or pickling its result, raised: `kind` is the exception's type."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


def frame(message: Any) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def serve(sock: socket.socket, work: Callable[..., Any],
          initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """The worker process: answer calls of `work` until the crawl's end of `sock` closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)
    with sock, sock.makefile("rb") as incoming, contextlib.suppress(OSError):
        sock.sendall(frame(READY))
        while True:
            header = incoming.read(HEADER.size)
            if len(header) < HEADER.size:
                return  # the crawl closed its end
            (size,) = HEADER.unpack(header)
            data = incoming.read(size)
            if len(data) < size:
                return
            try:
                answer = frame((True, work(*pickle.loads(data))))
            except Exception as exc:
                answer = frame((False, (type(exc).__name__, str(exc))))
            sock.sendall(answer)


class WorkerLink(asyncio.Protocol):
    """The crawl's end of one worker's socket."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.received = bytearray()
        self.unanswered: deque[asyncio.Future[Any]] = deque()
        self.ready = False  # the worker has started (imported what it needs)
        self.lost = False  # the socket closed: the worker ended, or the pool shut down

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        received = self.received
        received += data
        start = 0
        while len(received) - start >= HEADER.size:
            (size,) = HEADER.unpack_from(received, start)
            end = start + HEADER.size + size
            if len(received) < end:
                break
            self.deliver(pickle.loads(received[start + HEADER.size:end]))
            start = end
        del received[:start]

    def deliver(self, message: Any) -> None:
        if message == READY:
            self.ready = True
            return
        future = self.unanswered.popleft()
        if future.done():  # cancelled while the worker was at it
            return
        answered, value = message
        if answered:
            future.set_result(value)
        else:
            future.set_exception(WorkerError(*value))

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        while self.unanswered:
            future = self.unanswered.popleft()
            if not future.done():
                future.set_exception(WorkerDied(
                    f"the worker process ended ({exc or 'its socket closed'})"))

    def call(self, message: bytes) -> asyncio.Future[Any]:
        assert self.transport is not None
        future = asyncio.get_running_loop().create_future()
        self.unanswered.append(future)
        self.transport.write(message)
        return future


class WorkerProcess:
    """One spawned worker and the crawl's end of its socket."""

    def __init__(self, work: Callable[..., Any], initializer: Callable[..., None] | None,
                 initargs: tuple[Any, ...]) -> None:
        ours, theirs = socket.socketpair()
        self.socket = ours
        self.process = multiprocessing.get_context("spawn").Process(
            target=serve, args=(theirs, work, initializer, initargs),
            name="nul20-worker", daemon=True,  # never keeps the crawl's process from exiting
        )
        try:
            self.process.start()
        finally:
            theirs.close()  # the worker has its own copy; ours would hide the worker's end
        self.link = WorkerLink()
        loop = asyncio.get_running_loop()
        self.connected = loop.create_task(
            loop.connect_accepted_socket(lambda: self.link, sock=ours))

    async def call(self, message: bytes) -> Any:
        await self.connected
        if self.link.lost:
            raise WorkerDied("the worker process ended")
        return await self.link.call(message)

    def close(self) -> None:
        """Close the crawl's end: the worker finishes its page and ends."""
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)
        if self.link.transport is not None:
            self.link.transport.close()
        else:
            self.connected.cancel()
            self.socket.close()

    def join(self) -> None:
        self.process.join(JOIN_TIMEOUT)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class WorkerPool:
    """`workers` processes running `work(*args)` for `await pool.call(*args)`, after running
    `initializer(*initargs)` once each."""

    def __init__(self, workers: int, work: Callable[..., Any],
                 initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        if workers < 1:
            raise ValueError(f"a worker pool needs at least one worker, not {workers}")
        self.workers = workers
        self.work = work
        self.initializer = initializer
        self.initargs = initargs
        self.processes: list[WorkerProcess] = []
        self.closed = False

    def start(self) -> None:
        """Start the workers (they take a moment to import what they need)."""
        while len(self.processes) < self.workers:
            self.processes.append(self._spawn())

    def _spawn(self) -> WorkerProcess:
        return WorkerProcess(self.work, self.initializer, self.initargs)

    @property
    def ready(self) -> bool:
        """True once a worker has started."""
        return any(p.link.ready and not p.link.lost for p in self.processes)

    async def call(self, *args: Any) -> Any:
        """`work(*args)` in a worker. Raises WorkerDied if the worker ends before it
        answers, WorkerError if the call raised there."""
        if self.closed:
            raise WorkerDied("the worker pool is shut down")
        message = frame(args)
        self.start()
        self._replace_dead()
        started = [p for p in self.processes if p.link.ready] or self.processes
        process = min(started, key=lambda p: len(p.link.unanswered))
        return await process.call(message)

    def _replace_dead(self) -> None:
        for index, process in enumerate(self.processes):
            if process.link.lost:
                process.join()
                self.processes[index] = self._spawn()

    def shutdown(self) -> None:
        self.closed = True
        for process in self.processes:
            process.close()
        for process in self.processes:
            process.join()
