"""A throwaway PostgreSQL cluster for the test run and the benchmarks.

    python tests/pgcluster.py -- pytest tests/ledger     # runs the command with DATABASE_URL set

It uses Debian's postgresql binaries (initdb, pg_ctl). PostgreSQL refuses to run as root, so
when we are root the cluster is created and started as the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator


def _bindir() -> str:
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not candidates:
        raise RuntimeError("initdb not found: install Debian's postgresql package")
    return os.path.dirname(candidates[0])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@contextlib.contextmanager
def cluster(extra_conf: dict[str, str] | None = None) -> Iterator[str]:
    """Start a cluster in a temporary directory; yield its DATABASE_URL; remove it afterwards."""
    bindir = _bindir()
    tmp = tempfile.mkdtemp(prefix="zhenggai-pg-")
    os.chmod(tmp, 0o755)
    data = os.path.join(tmp, "data")
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    port = _free_port()
    conf = {
        "listen_addresses": "'127.0.0.1'",
        "port": str(port),
        "unix_socket_directories": f"'{tmp}'",
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "300",
        **(extra_conf or {}),
    }
    try:
        subprocess.run(
            _as_postgres(
                [
                    f"{bindir}/initdb",
                    "-D",
                    data,
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with open(os.path.join(data, "postgresql.conf"), "a") as fh:
            fh.writelines(f"{k} = {v}\n" for k, v in conf.items())
        subprocess.run(
            _as_postgres([f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        try:
            yield f"postgres://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_postgres([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
                stdout=subprocess.DEVNULL,
                check=False,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: python tests/pgcluster.py -- COMMAND [ARGS…]", file=sys.stderr)
        return 2
    with cluster() as url:
        print(f"PostgreSQL test cluster at {url}", file=sys.stderr)
        return subprocess.run(argv, env={**os.environ, "DATABASE_URL": url}).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
