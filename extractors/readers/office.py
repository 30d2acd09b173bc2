"""Word 97-2003 (.doc), RTF and ODT: converted by LibreOffice to DOCX and read by our own DOCX reader, so
paragraphs, tables and footnotes come out as they do from a DOCX.

LibreOffice is kept running: one converter per process that reads (each ingest worker, or `vanban extract`),
started on the first file that needs it and stopped when the process ends. It is unoserver (PyPI; the server runs
under the Python that has LibreOffice's `uno` module, Debian's python3-uno) driven over XML-RPC on 127.0.0.1. A
warm converter takes ~0.35 s a document where a cold `soffice --convert-to` takes ~1.4 s (shared/wild's 9 .doc and
.rtf files). A conversion that fails is a ReadError with LibreOffice's reason; one that runs past the time limit
(VANBAN_CONVERT_TIMEOUT seconds, default 120) stops the converter, which the next file starts afresh.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from dataclasses import replace
from functools import cache
from multiprocessing import util
from pathlib import Path

from ..errors import ReadError

TIMEOUT = float(os.environ.get("VANBAN_CONVERT_TIMEOUT", "120"))
START_TIMEOUT = 60.0
INSTALL = "install Debian's libreoffice-writer-nogui and python3-uno (make install does)"
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python")

# Run by the Python that has `uno`, in a process group of its own with LibreOffice (its launcher, oosplash, and
# soffice.bin): unoserver is found in our environment (appended, so that Python's own packages come first), and
# the group is killed when the process that started it is gone (even killed with SIGKILL), so no LibreOffice
# outlives an ingest.
BOOT = """
import os, signal, sys, threading, time
sys.path.append(sys.argv.pop(1))
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=watch, daemon=True).start()
from unoserver.server import main
sys.exit(main())
"""


@cache
def _uno_python() -> str | None:
    candidates = [os.environ.get("VANBAN_UNO_PYTHON", ""), *UNO_PYTHONS]
    for python in filter(None, candidates):
        if Path(python).exists() and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
            return python
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Transport(xmlrpc.client.Transport):
    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = TIMEOUT + 10  # past the server's own limit: it gives up first and says so
        return conn


class Converter:
    """One LibreOffice behind unoserver, started when first needed."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.profile: str | None = None
        self.port = 0
        self.lock = threading.Lock()  # a Dask worker runs tasks in threads: one conversion at a time

    def convert(self, path: str, data: bytes, to: str, kind: str) -> bytes:
        """The converted bytes; a ReadError with LibreOffice's reason, or past the time limit. A converter found
        dead (LibreOffice crashed on the file before) is started again and the file tried once more."""
        with self.lock:
            tries = 2
            while tries:
                tries -= 1
                if self.process is None or self.process.poll() is not None:
                    self._start(path)
                started = time.monotonic()
                source = Path(self.profile, f"source.{kind}")  # named by its kind: LibreOffice's type detection
                try:
                    source.write_bytes(data)
                    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}", transport=_Transport(),
                                                      allow_none=True)
                    result = proxy.convert(str(source), None, None, to)
                    return result.data if isinstance(result, xmlrpc.client.Binary) else bytes(result)
                except (OSError, xmlrpc.client.Error) as e:
                    if time.monotonic() - started >= TIMEOUT - 1:  # the server stops LibreOffice and exits
                        self.stop()
                        raise ReadError(path, f"LibreOffice did not convert it within {TIMEOUT:.0f} s (time limit; "
                                              "VANBAN_CONVERT_TIMEOUT raises it)") from None
                    if isinstance(e, xmlrpc.client.Fault):
                        raise ReadError(path, f"LibreOffice cannot convert it: {_fault(e)}") from None
                    self.stop()
                    if not tries:
                        raise ReadError(path, f"LibreOffice stopped while converting it ({e.__class__.__name__})") \
                            from None
        raise AssertionError("a conversion either returns or raises")

    def _start(self, path: str) -> None:
        import unoserver

        python, soffice = _uno_python(), shutil.which("soffice")
        if not python or not soffice:
            raise ReadError(path, f"LibreOffice is needed to read this format: {INSTALL}")
        self.stop()
        self.profile = tempfile.mkdtemp(prefix="vanban-libreoffice-")
        self.port, uno_port = _free_port(), _free_port()
        site = str(Path(unoserver.__file__).resolve().parent.parent)
        command = [python, "-c", BOOT, site, "--interface", "127.0.0.1", "--port", str(self.port),
                   "--uno-port", str(uno_port), "--user-installation", self.profile, "--executable", soffice,
                   "--conversion-timeout", str(max(1, int(TIMEOUT))), "--quiet"]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}").info()
                return
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.2)
        exited = self.process.poll() is not None
        self.stop()
        raise ReadError(path, "LibreOffice stopped as it started" if exited else
                        f"LibreOffice could not be started within {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self.process is not None:  # nothing to save: the profile is thrown away
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # unoserver, oosplash and soffice.bin
            except ProcessLookupError:
                pass
            self.process.wait()
        self.process = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None


def _fault(e: xmlrpc.client.Fault) -> str:
    text = " ".join(str(e.faultString).replace(" <remote file>", "").split())
    return text.split(":", 1)[-1].strip()[:200] or "unknown error"


_converter: Converter | None = None


def convert(path: str, data: bytes, to: str, kind: str | None = None) -> bytes:
    """`data`, a file of format `kind` (by default the path's extension), converted by this process's LibreOffice to
    `to` ('docx', 'xlsx', 'odt' …)."""
    global _converter
    if _converter is None:
        _converter = Converter()
        util.Finalize(_converter, _converter.stop, exitpriority=10)  # at exit, in workers too
    return _converter.convert(path, data, to, kind or Path(path).suffix.lstrip(".").lower() or "bin")


def reader(kind: str, to: str, read_converted):
    """The reader of a format LibreOffice converts to `to` (DOCX, XLSX), which `read_converted` reads."""

    def read(path: str, data: bytes, sha256: str):
        return replace(read_converted(path, convert(path, data, to, kind), sha256), format=kind)

    return read
