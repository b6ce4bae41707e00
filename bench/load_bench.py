"""Fifty people at work at once: a real app server on loopback, signed-in users of every role, for a bounded time.

    createdb -h 127.0.0.1 -U postgres bench_load
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_province --regions 10000 --activities 1000000 \\
        --people 50000 --participations 500000
    psql "$DATABASE_URL" -c 'VACUUM ANALYZE'
    .venv/bin/python bench/load_bench.py [--clients 50] [--seconds 120] [--think 1-5] \\
        [--workers 2] [--threads 4] [--cache redis://127.0.0.1:6379/0 | db | locmem | none]

Starts gunicorn with the production configuration (``config/gunicorn.py``, DEBUG off) on
127.0.0.1, signs in ``--clients`` people of the synthetic province — community clerks (录入员),
subdistrict reviewers (审核员), and managers (管理者) of districts, cities and the province, each
their own account and region — and lets each work as a person does: a page, then ``--think``
seconds (uniform, default 1–5) to read it, then the next. Clerks open 我的台账, a record's page
and their community's dashboard; reviewers the review queue, the list, records and their
subdistrict's figures; managers their region's dashboard for the year and a quarter, a child
region's, the totals API and the list. Meanwhile import jobs run one after another, each a
``manage.py import activities --user <clerk>`` process of its own (as a job worker is): previews
(``--dry-run``) of a sheet of ``--import-rows`` new activities, and every ``--confirm-every``
seconds a confirmed import of ``--confirm-rows``, which changes the monthly totals and so every
cached figure. They run at ``--job-nice`` (10), as the README's production setup runs the job
worker: people's pages first, the job with the CPU left over (the job's session gets that weight too:
see ``lower_session_priority``). The bench deletes what the
confirms wrote, through ``activities.services``, at the end (and at the start, after an
interrupted run): every run starts from the same province.

Signing in (a password hash each, on purpose slow) happens before the clock starts; the first
visit to every page is measured, cache misses included. Every client stops after ``--seconds``,
the import job is ended if still running (all or nothing: it then writes nothing), and the
server is stopped. Prints requests/s, p50, p95, p99 and errors (status >= 400, a broken
connection, or a page that sent the client back to the login) overall, per page and per role,
and the import jobs' rows/s. Exit status 1 when any request failed. Traffic goes to 127.0.0.1 only.
"""

import argparse
import csv
import http.cookiejar
import os
import random
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

from common import ROOT, setup_django

PASSWORD = "load-bench-password-1"  # bench users on a bench database only

# How many of the clients play each role (scaled to --clients), and what each role opens how often.
ROLE_SHARE = {
    "clerk": 24,
    "reviewer": 10,
    "district manager": 8,
    "city manager": 5,
    "province manager": 3,
}


@dataclass
class Persona:
    username: str
    role: str
    pages: list = field(default_factory=list)  # [(weight, page name, path)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def share(clients):
    """{role: number of clients}: ROLE_SHARE scaled to ``clients``, every role at least one."""
    total = sum(ROLE_SHARE.values())
    counts = {role: max(1, round(clients * n / total)) for role, n in ROLE_SHARE.items()}
    while sum(counts.values()) > clients and counts["clerk"] > 1:
        counts["clerk"] -= 1
    counts["clerk"] += clients - sum(counts.values())
    return counts


def make_personas(clients):
    """One account per client, each with its own region of the synthetic province and its pages."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts.models import ScopeAssignment
    from accounts.roles import CLERK, MANAGER, REVIEWER
    from activities.models import Activity, Status
    from communities.models import Region, RegionLevel

    province = Region.objects.get(code="SYN")
    year = Activity.objects.order_by("-date").values_list("date__year", flat=True).first()
    user_model = get_user_model()
    password = make_password(PASSWORD)  # hashed once: the same password for every bench account

    def account(name, role, region):
        user, _ = user_model.objects.update_or_create(
            username=name, defaults={"is_staff": True, "is_active": True, "password": password}
        )
        user.groups.set([Group.objects.get(name=role)])
        ScopeAssignment.objects.filter(user=user).delete()
        ScopeAssignment.objects.create(user=user, region=region)
        return name

    def regions(level, n, within=province):
        """``n`` regions at ``level`` with records, spread over the province (every ``step``-th by code)."""
        candidates = list(Region.objects.filter(path__startswith=within.path, level=level).order_by("code"))
        step = max(1, len(candidates) // max(n, 1))
        chosen = []
        for region in candidates[::step] + candidates:
            if region not in chosen and Activity.objects.filter(region__path__startswith=region.path).exists():
                chosen.append(region)
            if len(chosen) == n:
                break
        return chosen

    def records(region, n=6):
        rows = Activity.objects.filter(region__path__startswith=region.path).order_by("-date", "-id")
        return list(rows.values_list("pk", flat=True)[:n])

    def dashboard(region, weight, label="dashboard"):
        quarter = f"&period=quarter&quarter={random.Random(region.pk).randint(1, 4)}"
        return [
            (weight, label, f"/reports/?region={region.code}&year={year}"),
            (weight / 2, label, f"/reports/?region={region.code}&year={year}{quarter}"),
        ]

    def child_of(region):
        return Region.objects.filter(parent=region).order_by("code").first()

    counts = share(clients)
    personas = []

    def add(role, name, region, pages, records_of=None):
        persona = Persona(account(name, role_group[role], region), role, pages)
        for pk in records(records_of or region):
            persona.pages.append((20 / 6, "record page", f"/workspace/{pk}/"))
        personas.append(persona)

    role_group = {
        "clerk": CLERK,
        "reviewer": REVIEWER,
        "district manager": MANAGER,
        "city manager": MANAGER,
        "province manager": MANAGER,
    }
    workspace = f"/workspace/?year={year}"
    for i, community in enumerate(regions(RegionLevel.COMMUNITY, counts["clerk"])):
        pages = [
            (30, "workspace list", workspace),
            (8, "workspace list", f"/workspace/?year={year}&status={Status.RETURNED}"),
            *dashboard(community, 14),
            (8, "totals API", f"/reports/api/totals/?region={community.code}&year={year}"),
        ]
        add("clerk", f"load_clerk_{i}", community, pages)
    for i, subdistrict in enumerate(regions(RegionLevel.SUBDISTRICT, counts["reviewer"])):
        pages = [
            (25, "review queue", "/activities/review/"),
            (20, "workspace list", f"/workspace/?year={year}&status={Status.SUBMITTED}"),
            *dashboard(subdistrict, 14),
            (8, "totals API", f"/reports/api/totals/?region={subdistrict.code}&year={year}&by=child"),
        ]
        add("reviewer", f"load_reviewer_{i}", subdistrict, pages)
    for level, role, key in (
        (RegionLevel.DISTRICT, "district manager", "district"),
        (RegionLevel.CITY, "city manager", "city"),
        (RegionLevel.PROVINCE, "province manager", "province"),
    ):
        places = regions(level, counts[role])
        places = [places[i % len(places)] for i in range(counts[role])]  # one province: several managers
        for i, place in enumerate(places):
            child = child_of(place)
            pages = [
                *dashboard(place, 30),
                (12, "dashboard", f"/reports/?region={child.code}&year={year}"),
                (15, "totals API", f"/reports/api/totals/?region={place.code}&year={year}&by=child"),
                (15, "workspace list", workspace),
            ]
            add(role, f"load_{key}_manager_{i}", place, pages)
    return personas, year


class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    """Send the production settings' secure cookies over plain HTTP to 127.0.0.1 (there is no TLS here)."""

    def return_ok_secure(self, cookie, request):
        return True


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar(LoopbackPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        """The status; a page that sends the client to the login counts as 401."""
        with self.opener.open(self.base + path, timeout=60) as response:
            response.read()
            if "/login/" in response.geturl():
                return 401
            return response.status

    def log_in(self, username):
        with self.opener.open(self.base + "/login/", timeout=120) as response:
            page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(self.base + "/login/", data=data.encode(), headers={"Referer": self.base})
        with self.opener.open(request, timeout=120) as response:
            response.read()
        if not any(cookie.name == "sessionid" for cookie in self.jar):
            raise RuntimeError(f"{username} could not sign in")


TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy():
    """CPU seconds the whole machine has spent busy since boot (every core, every process)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICKS


def process_cpu(pids):
    """CPU seconds (user + system) the live processes ``pids`` have used so far."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def server_pids(server):
    """The gunicorn master and its workers."""
    pids = [server.pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server.pid:
                pids.append(int(entry))
    return pids


def database_pids():
    """The PostgreSQL backends serving this database (the server's kept connections among them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def think_range(text):
    low, _, high = text.partition("-")
    low = float(low)
    return low, float(high or low)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=think_range, default=(1.0, 5.0), help="Seconds between pages: 1-5, or 0.")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the config's).")
    parser.add_argument("--threads", type=int, default=None, help="Threads per worker (default: the config's).")
    parser.add_argument(
        "--cache",
        default=None,
        help="CACHE_URL for the server: redis://127.0.0.1:6379/0, locmem or none (default: the environment's).",
    )
    parser.add_argument("--import-rows", type=int, default=5000, help="Rows of each preview job (0: no import jobs).")
    parser.add_argument("--confirm-rows", type=int, default=500, help="Rows of each confirmed import.")
    parser.add_argument("--confirm-every", type=float, default=20, help="Seconds between confirmed imports.")
    parser.add_argument(
        "--job-nice", type=int, default=10, help="CPU priority of the import jobs (nice; 0: the same as the server)."
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    setup_django()
    random.seed(args.seed)
    if removed := cleanup():
        print(f"deleted {removed} activities an earlier run imported", file=sys.stderr)
    personas, year = make_personas(args.clients)
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
    }
    if args.cache is not None:
        env["CACHE_URL"] = args.cache
    if args.workers is not None:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads is not None:
        env["GUNICORN_THREADS"] = str(args.threads)
    # DEBUG off serves the collected, hashed static files (whitenoise), as production does.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with tempfile.TemporaryDirectory(prefix="load-bench-") as folder, tempfile.TemporaryFile() as server_log:
        return run_against(args, personas, year, env, server_log, folder)


def start_server(env, server_log):
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "config/gunicorn.py"), "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,  # a file, not a pipe nobody reads: a full pipe would stop the server
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).read()
            return server, base
        except OSError:
            time.sleep(0.2)
    server_log.seek(0)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the server did not start: " + server_log.read().decode()[-2000:])


def write_import_file(path, rows, region_path, categories, year, job):
    """A clerk's sheet of ``rows`` new activities in their community (external ids new to every job)."""
    rng = random.Random(job)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["外部编号", "日期", "标题", "类别", "所属区域", "参与人次", "志愿服务时长(小时)", "地点"])
        stamp = time.strftime("%Y%m%d%H%M%S")
        for i in range(rows):
            writer.writerow(
                [
                    f"LOAD-{stamp}-{job}-{i}",
                    f"{year}/{rng.randint(1, 12)}/{rng.randint(1, 28)}",
                    f"入户走访{i}",
                    rng.choice(categories),
                    region_path,
                    str(rng.randint(5, 300)),
                    str(rng.randint(1, 40)),
                    "社区党群服务中心",
                ]
            )


class ImportJobs(threading.Thread):
    """Import jobs one after another until the deadline, each a ``manage.py import`` process of its own.

    Mostly previews (``--dry-run``: every row read and checked against the database, nothing
    written) of a ``--import-rows`` sheet; every ``--confirm-every`` seconds a confirmed import of
    ``--confirm-rows`` new activities, which changes the monthly totals (and so the cached
    figures), as a clerk's upload does. What the confirms wrote is deleted afterwards through
    ``activities.services`` (``cleanup``), so that every run starts from the same province.
    """

    def __init__(self, args, personas, year, env, folder, deadline):
        super().__init__(daemon=True)
        from django.contrib.auth import get_user_model

        from activities.models import Category

        clerk = next(p for p in personas if p.role == "clerk")
        region = get_user_model().objects.get(username=clerk.username).scope_assignments.get().region
        self.clerk, self.region_path = clerk.username, region.full_name
        self.categories = list(Category.objects.filter(is_active=True).order_by("pk").values_list("name", flat=True))
        self.args, self.year, self.env, self.folder, self.deadline = args, year, env, folder, deadline
        self.previews, self.confirms, self.failed, self.ended = [], [], [], 0
        self.process = None
        self.stopping = threading.Event()

    def run(self):
        job, last_confirm = 0, time.monotonic()
        while time.monotonic() < self.deadline and not self.stopping.is_set():
            job += 1
            confirm = time.monotonic() - last_confirm >= self.args.confirm_every
            rows = self.args.confirm_rows if confirm else self.args.import_rows
            path = os.path.join(self.folder, f"import-{job}.csv")
            write_import_file(path, rows, self.region_path, self.categories, self.year, job)
            command = [sys.executable, "manage.py", "import", "activities", path, "--user", self.clerk, "-v0"]
            if self.args.job_nice:  # as the README's production setup runs the job worker
                command = ["nice", "-n", str(self.args.job_nice), *command]
            started = time.perf_counter()
            self.process = subprocess.Popen(
                command + ([] if confirm else ["--dry-run"]),
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            if self.args.job_nice:
                lower_session_priority(self.process.pid, self.args.job_nice)
            _, errors = self.process.communicate()
            seconds = time.perf_counter() - started
            if self.stopping.is_set():
                self.ended += 1
            elif self.process.returncode == 0:
                (self.confirms if confirm else self.previews).append(rows / seconds)
                if confirm:
                    last_confirm = time.monotonic()
            else:
                self.failed.append(errors.decode(errors="replace")[-500:])

    def stop(self):
        self.stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)


def lower_session_priority(pid, nice):
    """Give the session ``pid`` leads the CPU weight of ``nice`` beside the server's session.

    With the kernel's autogroups (``/proc/sys/kernel/sched_autogroup_enabled``), each session shares the CPU
    with the others as a group, whatever the nice values of the processes inside: a job at nice 10 in its own
    session still took as much CPU as the whole server. A service manager does the same with cgroups (the
    README's ``CPUWeight=`` for the worker's unit); here the session's autogroup gets the nice value.
    """
    try:
        with open(f"/proc/{pid}/autogroup", "w") as f:
            f.write(str(nice))
    except OSError:  # no autogroups (the nice value then does the work), or the process has ended
        pass


def cleanup():
    """Delete the activities earlier runs imported (external ids LOAD-…), through the service; how many."""
    from django.contrib.auth import get_user_model

    from activities.models import Activity
    from activities.services import activities_delete

    operator, _ = get_user_model().objects.get_or_create(
        username="load_operator", defaults={"is_superuser": True, "is_staff": True}
    )
    ids = list(Activity.objects.filter(external_id__startswith="LOAD-").order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), 2000):
        activities_delete(actor=operator, activities=[Activity(pk=pk) for pk in ids[i : i + 2000]])
    return len(ids)


def run_against(args, personas, year, env, server_log, folder):
    """Start the server, sign everyone in, run the clients until the deadline, stop everything; print."""
    server, base = start_server(env, server_log)
    try:
        clients = [Client(base) for _ in personas]
        failed_logins = []

        def log_in(i):
            try:
                clients[i].log_in(personas[i].username)
            except (OSError, RuntimeError) as error:
                failed_logins.append(f"{personas[i].username}: {error}")

        logins = [threading.Thread(target=log_in, args=(i,), daemon=True) for i in range(len(personas))]
        started = time.monotonic()
        for thread in logins:
            thread.start()
        for thread in logins:
            thread.join(300)
        print(f"{len(personas)} sign-ins in {time.monotonic() - started:.0f} s", file=sys.stderr)
        if failed_logins:
            raise SystemExit("sign-in failed: " + "; ".join(failed_logins[:5]))

        cpu = {"machine": machine_busy(), "server": process_cpu(server_pids(server))}
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu["jobs"] = children.ru_utime + children.ru_stime
        samples = defaultdict(list)
        by_role = defaultdict(list)
        errors = defaultdict(int)
        role_errors = defaultdict(int)
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + args.seconds
        low, high = args.think

        def work(index):
            persona, client = personas[index], clients[index]
            rng = random.Random(args.seed * 1000 + index)
            weights = [w for w, _, _ in persona.pages]
            time.sleep(rng.uniform(0, high))  # people do not all click in the same second
            while time.monotonic() < deadline:
                _, page, path = rng.choices(persona.pages, weights)[0]
                begun = time.perf_counter()
                try:
                    status = client.get(path)
                except urllib.error.HTTPError as error:
                    status = error.code
                except OSError:
                    status = 0
                elapsed = (time.perf_counter() - begun) * 1000
                with lock:
                    samples[page].append(elapsed)
                    by_role[persona.role].append(elapsed)
                    if status == 0 or status >= 400:
                        errors[page] += 1
                        role_errors[persona.role] += 1
                pause = rng.uniform(low, high)
                if time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)

        jobs = None
        if args.import_rows:
            jobs = ImportJobs(args, personas, year, env, folder, deadline)
            jobs.start()
        threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(personas))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 120)
        wall = time.monotonic() - started
        if jobs is not None:
            jobs.stop()
            jobs.join(30)
        # The database's backends that stayed for the whole run (CONN_MAX_AGE) are the server's;
        # a job's own connection ended with it and is counted with the jobs' processes' own CPU time.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = {
            "machine": machine_busy() - cpu["machine"],
            "server": process_cpu(server_pids(server)) - cpu["server"],
            "database": process_cpu(database_pids()),
            "jobs": children.ru_utime + children.ru_stime - cpu["jobs"],
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(15)

    report(args, env, personas, samples, by_role, errors, role_errors, wall, jobs)
    requests = sum(len(v) for v in samples.values())
    rest = cpu["machine"] - cpu["server"] - cpu["database"] - cpu["jobs"]
    print(
        f"  CPU over {wall:.0f} s on {os.cpu_count()} cores: server {cpu['server']:.0f} s "
        f"({cpu['server'] * 1000 / requests:.0f} ms a request), its database connections {cpu['database']:.0f} s, "
        f"import jobs {cpu['jobs']:.0f} s (their database work not included), "
        f"everything else on the machine {max(rest, 0):.0f} s"
    )
    if jobs is not None:
        started = time.monotonic()
        removed = cleanup()
        print(f"  deleted the {removed} imported activities in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if sum(errors.values()):
        server_log.seek(0)
        print(server_log.read().decode(errors="replace")[-3000:], file=sys.stderr)
    return 1 if sum(errors.values()) else 0


def report(args, env, personas, samples, by_role, errors, role_errors, wall, jobs):
    everything = [v for values in samples.values() for v in values]
    if not everything:
        raise SystemExit("no request finished")
    workers = env.get("GUNICORN_WORKERS", "config")
    threads = env.get("GUNICORN_THREADS", "config")
    cache = env.get("CACHE_URL", "default")
    low, high = args.think
    print(
        f"{len(personas)} clients (think {low:g}-{high:g} s), gunicorn {workers} workers x {threads} threads, "
        f"cache {cache}, jobs at nice {args.job_nice}, {wall:.0f} s: {len(everything) / wall:.1f} requests/s, "
        f"p50 {statistics.median(everything):.0f} ms, p95 {pct(everything, 0.95):.0f} ms, "
        f"p99 {pct(everything, 0.99):.0f} ms, errors {sum(errors.values())}"
    )
    for title, table, failures in (("page", samples, errors), ("role", by_role, role_errors)):
        for name, values in sorted(table.items()):
            print(
                f"  {title} {name:<20} {len(values):6d} req  p50 {statistics.median(values):6.0f} ms  "
                f"p95 {pct(values, 0.95):6.0f} ms  p99 {pct(values, 0.99):6.0f} ms  errors {failures[name]}"
            )
    if jobs is not None:
        for label, rates, rows in (
            ("previews", jobs.previews, args.import_rows),
            ("confirmed imports", jobs.confirms, args.confirm_rows),
        ):
            rate = f" at {statistics.median(rates):.0f} rows/s" if rates else ""
            print(f"  import jobs: {len(rates)} {label} of {rows} rows{rate}")
        print(f"  import jobs: {len(jobs.failed)} failed, {jobs.ended} ended at the deadline")
        for failure in jobs.failed[:3]:
            print(f"    failed: {failure}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
