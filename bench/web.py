"""Load benchmark of the ledger web application on PostgreSQL behind gunicorn.

    .venv/bin/python bench/web.py                      # 500 units x 20 problems x 5 measures, 50 clients, 30 s
    .venv/bin/python bench/web.py --units 20 --seconds 5 --clients 10    # a quick run
    .venv/bin/python bench/web.py --queries            # also: query counts, slowest queries, EXPLAIN

It starts a throwaway PostgreSQL cluster (tests/pgcluster.py), migrates, seeds the ledger with
bulk inserts (one 整改办 per unit, a supervisor over all units), serves the project with gunicorn,
logs every client in through the login form (session cookie) or gives it an API token, then drives
the clients for a fixed time against the unit dashboard (as the unit's 整改办), the inspection page
and the API problem list (token auth). It prints p50/p95/p99, requests/s and errors per endpoint.
Target: p95 < 150 ms and no errors. It prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from pgcluster import cluster  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "bench-password-1"
P95_TARGET_MS = 150.0
DEPARTMENTS_PER_UNIT = 5


# ---------------------------------------------------------------------------------------------
# Seeding (in this process, through the ORM, with bulk inserts)


@dataclass
class Seeded:
    """What the clients need: one login per unit and the objects whose pages they fetch."""

    unit_admins: list[tuple[str, int, int]]  # (username, unit pk, inspection pk)
    supervisor: str
    api_keys: list[str]
    counts: dict[str, int]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _batched(model, objs: list, size: int = 2000) -> list:
    return model.objects.bulk_create(objs, batch_size=size)


def seed(units: int, problems: int, measures: int, today: date, api_clients: int) -> Seeded:
    """Bulk-insert the ledger: a supervisor over `units` units, each with one inspection."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from zhenggai.accounts.models import Membership, Organisation
    from zhenggai.api.models import ApiToken
    from zhenggai.ledger.models import Category, Inspection, Measure, Problem, Status
    from zhenggai.ledger.models.base import derive_status

    User = get_user_model()
    rng = random.Random(20261122)
    # One hash for every bench user: hashing 3,000 passwords would dominate the seeding time.
    password = make_password(PASSWORD)
    Kind = Organisation.Kind
    Role = Membership.Role
    with transaction.atomic():
        supervisor_org = Organisation.objects.create(name="市委巡察办（压测）", kind=Kind.SUPERVISOR)
        unit_orgs = _batched(
            Organisation,
            [
                Organisation(name=f"压测单位{i:04d}", kind=Kind.UNIT, parent=supervisor_org)
                for i in range(units)
            ],
        )
        for org in unit_orgs:
            org.path = f"{supervisor_org.path}{org.pk}/"
        Organisation.objects.bulk_update(unit_orgs, ["path"], batch_size=2000)
        dept_orgs = _batched(
            Organisation,
            [
                Organisation(name=f"{name}", kind=Kind.DEPARTMENT, parent=unit)
                for unit in unit_orgs
                for name in ("党委办公室", "医务科", "财务科", "人事科", "后勤科")[:DEPARTMENTS_PER_UNIT]
            ],
        )
        for org in dept_orgs:
            org.path = f"{org.parent.path}{org.pk}/"
        Organisation.objects.bulk_update(dept_orgs, ["path"], batch_size=2000)

        users = (
            [User(username="bench-supervisor", password=password, first_name="巡察办")]
            + [
                User(username=f"bench-admin-{i:04d}", password=password, first_name=f"整改办{i}")
                for i in range(units)
            ]
            + [
                User(username=f"bench-leader-{i:04d}", password=password, first_name=f"领导{i}")
                for i in range(units)
            ]
            + [
                User(username=f"bench-owner-{i:04d}-{d}", password=password, first_name=f"责任人{i}-{d}")
                for i in range(units)
                for d in range(DEPARTMENTS_PER_UNIT)
            ]
        )
        for user in users:
            user.email = f"{user.username}@bench.example.cn"
        users = _batched(User, users)
        supervisor = users[0]
        admins = users[1 : 1 + units]
        leaders = users[1 + units : 1 + 2 * units]
        owners = users[1 + 2 * units :]
        memberships = [Membership(user=supervisor, organisation=supervisor_org, role=Role.SUPERVISOR)]
        for i, unit in enumerate(unit_orgs):
            memberships.append(Membership(user=admins[i], organisation=unit, role=Role.UNIT_ADMIN))
            memberships.append(Membership(user=leaders[i], organisation=unit, role=Role.LEADER))
            for d in range(DEPARTMENTS_PER_UNIT):
                memberships.append(
                    Membership(
                        user=owners[i * DEPARTMENTS_PER_UNIT + d],
                        organisation=dept_orgs[i * DEPARTMENTS_PER_UNIT + d],
                        role=Role.OWNER,
                    )
                )
        _batched(Membership, memberships)
        for i, unit in enumerate(unit_orgs):
            unit.head = leaders[i]
        Organisation.objects.bulk_update(unit_orgs, ["head"], batch_size=2000)

        feedback = today - timedelta(days=40)
        inspections = _batched(
            Inspection,
            [
                Inspection(
                    unit=unit,
                    title=f"关于{unit.name}巡察反馈意见整改",
                    group_name="市委第一巡察组",
                    kind=Inspection.Kind.ROUTINE,
                    period_start=feedback - timedelta(days=60),
                    period_end=feedback - timedelta(days=30),
                    feedback_date=feedback,
                    concentrated_deadline=feedback + timedelta(days=61),
                    report_due=feedback + timedelta(days=61),
                )
                for unit in unit_orgs
            ],
        )
        categories = _batched(
            Category,
            [
                Category(inspection=insp, label=label, title=title, position=pos)
                for insp in inspections
                for pos, (label, title) in enumerate(
                    [("一", "党的领导弱化方面"), ("二", "全面从严治党不力方面"), ("三", "组织建设薄弱方面")]
                )
            ],
        )
        statuses = [
            Status.COMPLETED,
            Status.PARTIAL,
            Status.IN_PROGRESS,
            Status.IN_PROGRESS,
            Status.LONG_TERM,
        ]
        # Measure statuses first, so each problem's cached status is derived without a query.
        plan = [
            [statuses[rng.randrange(len(statuses))] for _m in range(measures)]
            for _n in range(units * problems)
        ]
        problem_objs = []
        for u, insp in enumerate(inspections):
            cats = categories[u * 3 : u * 3 + 3]
            for p in range(problems):
                problem_objs.append(
                    Problem(
                        inspection=insp,
                        category=cats[p % 3],
                        label=str(p + 1),
                        title=f"压测问题{p + 1}：落实主体责任不到位，制度执行存在偏差",
                        description="巡察发现，部分制度未严格执行，监督检查流于形式。" * 3,
                        position=p,
                        is_public=p % 4 != 0,
                        status=derive_status(plan[u * problems + p]),
                    )
                )
        problem_objs = _batched(Problem, problem_objs)
        measure_objs = []
        for n, problem in enumerate(problem_objs):
            u = n // problems
            for m, status in enumerate(plan[n]):
                long_term = status == Status.LONG_TERM
                dept = u * DEPARTMENTS_PER_UNIT + m % DEPARTMENTS_PER_UNIT
                measure_objs.append(
                    Measure(
                        problem=problem,
                        text=f"措施{m + 1}：修订完善相关制度，开展专项检查，建立长效机制。",
                        position=m,
                        leader=leaders[u],
                        department=dept_orgs[dept],
                        owner=owners[dept],
                        # Spread over -15 … +45 days so every light occurs.
                        deadline=None if long_term else today + timedelta(days=rng.randrange(-15, 46)),
                        long_term=long_term,
                        status=status,
                        last_update_at=None,
                    )
                )
        _batched(Measure, measure_objs, size=5000)
        api_keys = [ApiToken.issue(admins[i % units], name="bench")[1] for i in range(api_clients)]
    counts = {
        "units": units,
        "problems": len(problem_objs),
        "measures": len(measure_objs),
        "users": len(users),
        "memberships": len(memberships),
    }
    return Seeded(
        unit_admins=[(admins[i].username, unit_orgs[i].pk, inspections[i].pk) for i in range(units)],
        supervisor=supervisor.username,
        api_keys=api_keys,
        counts=counts,
    )


# ---------------------------------------------------------------------------------------------
# Serving


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int, threads: int) -> Iterator[tuple[int, int]]:
    """Serve the project on a free localhost port; yield (port, master pid); stop it afterwards."""
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="zhenggai-bench-")
    os.makedirs(os.path.join(data_dir, "static"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "600",
        "DEBUG": "0",
        "SECRET_KEY": "bench-secret-key-not-for-production-" + "x" * 20,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
        "ZHENGGAI_DATA_DIR": data_dir,
    }
    argv = [
        str(BIN / "gunicorn"),
        "zhenggai.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    if threads > 1:
        argv += ["--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "30"]
    proc = subprocess.Popen(argv, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start within 60 s") from None
                time.sleep(0.2)
        yield port, proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Clients

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One keep-alive HTTP connection with its own cookies (or API token)."""

    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = token

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection: reconnect once.
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, data

    def login(self, login_path: str, username: str, password: str) -> None:
        status, page = self.request("GET", login_path)
        match = CSRF_INPUT.search(page.decode("utf-8", "replace"))
        if status != 200 or not match:
            raise RuntimeError(f"login page {login_path} answered {status} without a CSRF token")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password}
        )
        status, _ = self.request(
            "POST",
            login_path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{login_path}",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed (status {status})")


@dataclass
class Endpoint:
    name: str
    # Builds the path for one client; each client keeps its own path (its own unit).
    path_for: Callable[[int], str]
    # "session" clients log in through the form; "token" clients send an API token.
    auth: str
    # Text the page must contain for client i (checked once, before the timed run), so a page
    # that answers 200 with the wrong content (another unit, an empty list) is caught.
    expect: Callable[[int], str] = lambda i: ""
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(seconds)
            else:
                self.errors += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(error)


def drive(
    port: int,
    endpoints: list[Endpoint],
    clients: list[tuple[Endpoint, Client, str]],
    seconds: float,
    think: float,
) -> float:
    """Run every client in its own thread for `seconds`; return the measured wall time."""
    start_barrier = threading.Barrier(len(clients) + 1)
    stop_at = [0.0]

    def run(endpoint: Endpoint, client: Client, path: str) -> None:
        # Think times vary (0.5–1.5 x) and start staggered, so the clients do not fire in lockstep.
        rng = random.Random(id(client))
        start_barrier.wait()
        if think:
            time.sleep(rng.uniform(0, think))
        while time.perf_counter() < stop_at[0]:
            t0 = time.perf_counter()
            error = None
            try:
                status, _body = client.request("GET", path, headers={"Accept": "text/html,application/json"})
                if status != 200:
                    error = f"{path}: HTTP {status}"
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                error = f"{path}: {type(exc).__name__}: {exc}"
                client.conn.close()
            endpoint.record(time.perf_counter() - t0, error)
            if think:
                time.sleep(think * rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in clients]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_barrier.wait()
    for t in threads:
        t.join()
    return time.perf_counter() - began


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU time of the gunicorn workers (children of the master) so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return float("nan")
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def measure_baseline(endpoints: list[Endpoint], clients: list, n: int, concurrency: int, master: int) -> dict:
    """One request at a time: each page's service time without queueing, and the workers' CPU
    time per request (which other load on the machine does not inflate as much). With the CPU
    count they bound the throughput of the concurrent run, and so the latency of closed-loop
    clients."""
    print(f"\nsequential baseline ({n} requests per endpoint, one client at a time):")
    baseline = {}
    for ep in endpoints:
        _ep, client, path = next(item for item in clients if item[0] is ep)
        times = []
        cpu0 = worker_cpu_seconds(master)
        for _ in range(n):
            t0 = time.perf_counter()
            status, _body = client.request("GET", path)
            times.append(time.perf_counter() - t0)
            if status != 200:
                raise SystemExit(f"baseline GET {path} answered HTTP {status}")
        cpu_ms = (worker_cpu_seconds(master) - cpu0) / n * 1000
        times.sort()
        baseline[ep.name] = {
            "p50_ms": percentile(times, 50) * 1000,
            "p95_ms": percentile(times, 95) * 1000,
            "worker_cpu_ms": cpu_ms,
        }
        print(
            f"  {ep.name:<22} p50 {baseline[ep.name]['p50_ms']:7.1f} ms   p95 {baseline[ep.name]['p95_ms']:7.1f} ms"
            f"   worker CPU {cpu_ms:6.1f} ms/request"
        )
    service = statistics.fmean(b["p50_ms"] for b in baseline.values()) / 1000
    cpu = statistics.fmean(b["worker_cpu_ms"] for b in baseline.values()) / 1000
    cpus = os.cpu_count() or 1
    print(
        f"  -> by wall time at most ~{cpus / service:.0f} requests/s on {cpus} CPUs ({concurrency} closed-loop "
        f"clients: ~{concurrency * service / cpus * 1000:.0f} ms each); by worker CPU alone at most "
        f"~{cpus / cpu:.0f} requests/s (~{concurrency * cpu / cpus * 1000:.0f} ms each, Little's law)"
    )
    return baseline


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def summarise(endpoints: list[Endpoint], wall: float) -> list[dict]:
    rows = []
    for ep in endpoints:
        values = sorted(ep.latencies)
        rows.append(
            {
                "endpoint": ep.name,
                "requests": len(values) + ep.errors,
                "rps": (len(values) + ep.errors) / wall,
                "p50_ms": percentile(values, 50) * 1000,
                "p95_ms": percentile(values, 95) * 1000,
                "p99_ms": percentile(values, 99) * 1000,
                "mean_ms": (statistics.fmean(values) * 1000) if values else float("nan"),
                "max_ms": (values[-1] * 1000) if values else float("nan"),
                "errors": ep.errors,
                "error_samples": ep.error_samples,
            }
        )
    return rows


def print_table(rows: list[dict], wall: float, clients: int) -> bool:
    load = os.getloadavg()
    print(
        f"\n{clients} clients, {wall:.1f} s, {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    header = f"{'endpoint':<22}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}"
    print(header)
    print("-" * len(header))
    ok = True
    for r in rows:
        print(
            f"{r['endpoint']:<22}{r['requests']:>10}{r['rps']:>9.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['max_ms']:>9.1f}{r['errors']:>8}"
        )
        for sample in r["error_samples"]:
            print(f"    error: {sample}")
        if not (r["p95_ms"] < P95_TARGET_MS) or r["errors"]:
            ok = False
    total = sum(r["requests"] for r in rows)
    print(f"{'total':<22}{total:>10}{total / wall:>9.1f}")
    print(f"target p95 < {P95_TARGET_MS:.0f} ms and 0 errors: {'met' if ok else 'MISSED'}")
    return ok


# ---------------------------------------------------------------------------------------------
# Query profile (in this process): how many queries each page runs, the slowest, and EXPLAIN


def profile_queries(paths: dict[str, tuple[str, str | None]], top: int = 3) -> None:
    """paths: name -> (path, username to log in as, or None for an API token request)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    print("\nQueries per request (in-process, warm):")
    for name, (path, who) in paths.items():
        client = DjangoClient()
        headers = {}
        if who and who.startswith("token:"):
            headers["Authorization"] = f"Bearer {who[6:]}"
        elif who:
            client.force_login(User.objects.get(username=who))
        client.get(path, headers=headers)  # warm caches and the connection
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path, headers=headers)
            elapsed = (time.perf_counter() - t0) * 1000
        db_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        print(
            f"  {name:<20} HTTP {response.status_code}  {len(ctx.captured_queries):>3} queries  "
            f"{db_ms:7.1f} ms in the database  {elapsed:7.1f} ms in all  {path}"
        )
        slowest = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:top]
        for q in slowest:
            sql = q["sql"]
            print(f"    {float(q['time']) * 1000:6.1f} ms  {sql[:160]}{'…' if len(sql) > 160 else ''}")
            if sql.lstrip().upper().startswith("SELECT") and connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = [row[0] for row in cur.fetchall()]
                for line in plan[:8]:
                    print(f"             {line}")


def profile_python(paths: dict[str, tuple[str, str | None]], repeat: int = 20, top: int = 12) -> None:
    """cProfile `repeat` in-process requests per page: where the time goes outside the database."""
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model
    from django.test import Client as DjangoClient

    User = get_user_model()
    for name, (path, who) in paths.items():
        client = DjangoClient()
        headers = {}
        if who and who.startswith("token:"):
            headers["Authorization"] = f"Bearer {who[6:]}"
        elif who:
            client.force_login(User.objects.get(username=who))
        client.get(path, headers=headers)
        profiler = cProfile.Profile()
        t0 = time.perf_counter()
        profiler.enable()
        for _ in range(repeat):
            client.get(path, headers=headers)
        profiler.disable()
        per = (time.perf_counter() - t0) / repeat * 1000
        print(f"\nPython profile of {name} ({path}): {per:.1f} ms per request under the profiler")
        stats = pstats.Stats(profiler)
        print("  project code, by cumulative time:")
        stats.sort_stats("cumulative").print_stats(r"zhenggai/(?!.*test)", top)
        print("  everything, by own time:")
        stats.sort_stats("tottime").print_stats(top)


def time_remind() -> None:
    """`zhenggai remind` over the seeded ledger (mail into memory): the daily job's cost."""
    from django.conf import settings
    from django.core import mail
    from django.db import connection
    from django.utils import timezone

    from zhenggai.notify import reminders

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    today = timezone.localdate()
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    for label in ("first run", "second run (nothing new)"):
        count[0] = 0
        # A counter, not CaptureQueriesContext: Django keeps only the last 9,000 queries.
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            result = reminders.run(today)
            elapsed = time.perf_counter() - t0
        print(f"remind, {label}: {elapsed:.1f} s, {count[0]} queries; {result.summary()}")
    print(f"  mails in the outbox: {len(mail.outbox)}")


# ---------------------------------------------------------------------------------------------


def build_endpoints(names: list[str], seeded: Seeded) -> list[Endpoint]:
    from django.urls import reverse

    admins = seeded.unit_admins
    known = {
        "dashboard": lambda: Endpoint(
            "dashboard (整改办)",
            lambda i: reverse("ledger:dashboard"),
            "session",
            expect=lambda i: f"压测单位{i % len(admins):04d}",
        ),
        "inspection": lambda: Endpoint(
            "inspection page",
            lambda i: reverse("ledger:inspection", args=[admins[i % len(admins)][2]]),
            "session",
            expect=lambda i: "压测问题1：",
        ),
        "api": lambda: Endpoint(
            "API problem list",
            lambda i: f"/api/problems?inspection={admins[i % len(admins)][2]}",
            "token",
            expect=lambda i: "压测问题1：",
        ),
        "supervisor": lambda: Endpoint(
            "dashboard (supervisor)",
            lambda i: reverse("ledger:dashboard"),
            "supervisor",
            expect=lambda i: "压测单位0000",
        ),
        "login": lambda: Endpoint("login page", lambda i: "/accounts/login/", "anonymous"),
        "admin": lambda: Endpoint("admin index", lambda i: "/admin/", "admin"),
    }
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown endpoint(s): {', '.join(unknown)}; choose from {', '.join(known)}")
    return [known[n]() for n in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--problems", type=int, default=20, help="problems per unit")
    parser.add_argument("--measures", type=int, default=5, help="measures per problem")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=0.0, help="seconds each client waits between requests")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help=">1 uses gunicorn's gthread workers")
    parser.add_argument(
        "--endpoints",
        default="dashboard,inspection,api",
        help="comma-separated: dashboard, inspection, api, supervisor, login, admin",
    )
    parser.add_argument("--queries", action="store_true", help="print query counts, slowest queries, EXPLAIN")
    parser.add_argument(
        "--baseline",
        type=int,
        default=30,
        metavar="N",
        help="N sequential requests per endpoint first (0: skip)",
    )
    parser.add_argument(
        "--remind", action="store_true", help="also time `zhenggai remind` on the seeded ledger"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile each page in-process and print the top"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.endpoints.split(",") if n.strip()]
    ledger_needed = bool({"dashboard", "inspection", "api", "supervisor"} & set(names))

    with cluster() as url:
        setup_django(url)
        t0 = time.perf_counter()
        migrate()
        print(f"migrated in {time.perf_counter() - t0:.1f} s")
        from django.contrib.auth import get_user_model
        from django.db import connections

        User = get_user_model()
        User.objects.create_superuser("bench-root", "root@example.invalid", PASSWORD)
        if ledger_needed:
            from django.utils import timezone

            t0 = time.perf_counter()
            seeded = seed(
                args.units, args.problems, args.measures, timezone.localdate(), api_clients=args.clients
            )
            print(f"seeded {seeded.counts} in {time.perf_counter() - t0:.1f} s")
        else:
            seeded = Seeded(unit_admins=[], supervisor="", api_keys=[], counts={})
        with connections["default"].cursor() as cur:
            cur.execute("VACUUM ANALYZE") if connections["default"].vendor == "postgresql" else None
        endpoints = build_endpoints(names, seeded)
        if (args.queries or args.profile) and ledger_needed:
            username, _unit, inspection = seeded.unit_admins[0]
            profile = {}
            for ep in endpoints:
                who = {
                    "session": username,
                    "supervisor": seeded.supervisor,
                    "token": f"token:{seeded.api_keys[0]}",
                }.get(ep.auth)
                profile[ep.name] = (ep.path_for(0), who)
            if args.queries:
                profile_queries(profile)
            if args.profile:
                profile_python(profile)
        if args.remind and ledger_needed:
            time_remind()
        connections.close_all()

        with gunicorn(url, args.workers, args.threads) as (port, master):
            print(f"gunicorn: {args.workers} workers x {args.threads} threads on 127.0.0.1:{port}")
            clients = []
            for i in range(args.clients):
                ep = endpoints[i % len(endpoints)]
                if ep.auth == "token":
                    client = Client(port, token=seeded.api_keys[i % len(seeded.api_keys)])
                else:
                    client = Client(port)
                    if ep.auth == "session":
                        client.login(
                            "/accounts/login/", seeded.unit_admins[i % len(seeded.unit_admins)][0], PASSWORD
                        )
                    elif ep.auth == "supervisor":
                        client.login("/accounts/login/", seeded.supervisor, PASSWORD)
                    elif ep.auth == "admin":
                        client.login("/admin/login/", "bench-root", PASSWORD)
                clients.append((ep, client, ep.path_for(i)))
            # One untimed request per client: connections and worker caches warm up first.
            for i, (ep, client, path) in enumerate(clients):
                status, body = client.request("GET", path)
                if status != 200:
                    raise SystemExit(f"warm-up GET {path} answered HTTP {status}")
                text = body.decode("utf-8", "replace")
                if ep.auth == "token":  # JSON escapes non-ASCII characters
                    text = json.dumps(json.loads(text), ensure_ascii=False)
                if ep.expect(i) not in text:
                    raise SystemExit(f"warm-up GET {path} for client {i}: {ep.expect(i)!r} not in the page")
            baseline = (
                measure_baseline(endpoints, clients, args.baseline, args.clients, master)
                if args.baseline
                else {}
            )
            import resource

            cpu_workers = worker_cpu_seconds(master)
            cpu_self = resource.getrusage(resource.RUSAGE_SELF)
            wall = drive(port, endpoints, clients, args.seconds, args.think)
            cpu_workers = worker_cpu_seconds(master) - cpu_workers
            after = resource.getrusage(resource.RUSAGE_SELF)
            cpu_client = (after.ru_utime - cpu_self.ru_utime) + (after.ru_stime - cpu_self.ru_stime)
            rows = summarise(endpoints, wall)
            ok = print_table(rows, wall, args.clients)
            done = sum(r["requests"] for r in rows)
            print(
                f"CPU used during the run: gunicorn workers {cpu_workers:.1f} s ({cpu_workers / wall:.2f} cores, "
                f"{cpu_workers / max(done, 1) * 1000:.1f} ms/request), this client {cpu_client:.1f} s "
                f"({cpu_client / wall:.2f} cores); the rest of the {os.cpu_count()} cores went to PostgreSQL "
                f"and whatever else runs on the machine"
            )
            if args.json:
                Path(args.json).write_text(
                    json.dumps(
                        {
                            "args": vars(args),
                            "seeded": seeded.counts,
                            "baseline": baseline,
                            "results": rows,
                            "wall_s": wall,
                            "cpu_s": {"workers": cpu_workers, "client": cpu_client},
                            "loadavg": os.getloadavg(),
                        },
                        indent=2,
                    )
                )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
