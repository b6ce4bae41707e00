"""Many signed-in users at once: a real app server on loopback, clients of every role, for a bounded time.

    createdb -h 127.0.0.1 -U postgres bench_main
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_main
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_province --regions 10000 --activities 1000000
    .venv/bin/python bench/load_bench.py [--clients 50] [--seconds 60] [--workers 2] [--threads 8]

Starts gunicorn (``config.wsgi``, DEBUG off) on 127.0.0.1 with the given workers and threads, signs in
``--clients`` clients spread over four roles of the synthetic province (a city manager, district
reviewers, community clerks, a province administrator), and has each loop over the pages its role uses:
the dashboard of its region, the JSON totals, the review queue or the activity list, one record, a
person's ledger. Every client stops after ``--seconds``; the server is stopped at the end. Prints
requests/s, p50, p95, p99 and the errors (status >= 400 or a broken connection), per page and overall.
Traffic goes to 127.0.0.1 only.
"""

import argparse
import http.cookiejar
import os
import random
import re
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

from common import ROOT, setup_django

PASSWORD = "load-bench-password-1"  # bench users on a bench database only


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_users():
    """One user per role and place of the synthetic province; returns [(username, [urls])]."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.models import ScopeAssignment
    from accounts.roles import CLERK, MANAGER, REVIEWER, SYSTEM_ADMINISTRATOR
    from activities.models import Activity, Participation
    from communities.models import Region, RegionLevel

    province = Region.objects.get(code="SYN")
    cities = list(Region.objects.filter(parent=province).order_by("code")[:3])
    districts = list(Region.objects.filter(parent__in=cities, level=RegionLevel.DISTRICT).order_by("code")[:6])
    communities = list(
        Region.objects.filter(path__startswith=districts[0].path, level=RegionLevel.COMMUNITY).order_by("code")[:10]
    )
    User = get_user_model()

    def user(name, role, region):
        account, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True})
        account.set_password(PASSWORD)
        account.is_staff = True
        account.save()
        account.groups.set([Group.objects.get(name=role)])
        ScopeAssignment.objects.filter(user=account).delete()
        ScopeAssignment.objects.create(user=account, region=region)
        return name

    def record_urls(region):
        activity = Activity.objects.filter(region__path__startswith=region.path).order_by("-date", "-id").first()
        served = Participation.objects.filter(activity__region__path__startswith=region.path).order_by("pk").first()
        urls = [f"/admin/activities/activity/{activity.pk}/change/"] if activity else []
        if served:
            urls.append(f"/volunteers/people/{served.person_id}/")
        return urls

    year = Activity.objects.order_by("-date").values_list("date__year", flat=True).first()
    plans = []
    admin = user("load_admin", SYSTEM_ADMINISTRATOR, province)
    plans.append((admin, [f"/reports/?region={province.code}&year={year}", "/admin/activities/activity/"]))
    for i, city in enumerate(cities):
        name = user(f"load_manager_{i}", MANAGER, city)
        plans.append(
            (
                name,
                [f"/reports/?region={city.code}&year={year}", f"/reports/api/totals/?region={city.code}&year={year}"],
            )
        )
    for i, district in enumerate(districts):
        name = user(f"load_reviewer_{i}", REVIEWER, district)
        urls = [f"/reports/?region={district.code}&year={year}", "/activities/review/", *record_urls(district)]
        plans.append((name, urls))
    for i, community in enumerate(communities):
        name = user(f"load_clerk_{i}", CLERK, community)
        urls = [
            "/admin/activities/activity/",
            f"/reports/?region={community.code}&year={year}",
            *record_urls(community),
        ]
        plans.append((name, urls))
    return plans


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
        with self.opener.open(self.base + path, timeout=30) as response:
            response.read()
            return response.status

    def log_in(self, username):
        with self.opener.open(self.base + "/login/", timeout=30) as response:
            page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(self.base + "/login/", data=data.encode(), headers={"Referer": self.base})
        with self.opener.open(request, timeout=30) as response:
            response.read()
        if not any(cookie.name == "sessionid" for cookie in self.jar):
            raise RuntimeError(f"{username} could not sign in")


def pattern(path):
    """The page a path belongs to, for the per-page table (ids and query strings folded)."""
    return re.sub(r"\d+", "N", path.split("?")[0]) + ("?…" if "?" in path else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--think", type=float, default=0.0, help="Seconds a client waits between requests.")
    args = parser.parse_args()

    setup_django()
    plans = make_users()
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
    }
    # DEBUG off serves the collected, hashed static files (whitenoise), as production does.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with tempfile.TemporaryFile() as server_log:
        return run_against(args, plans, env, port, server_log)


def run_against(args, plans, env, port, server_log):
    """Start the server, run the clients until the deadline, stop the server; print and return the exit code."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,  # a file, not a pipe nobody reads: a full pipe would stop the server
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            server_log.seek(0)
            raise SystemExit("the server did not start: " + server_log.read().decode()[-2000:])

        samples = defaultdict(list)
        errors = defaultdict(int)
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def run(index):
            username, urls = plans[index % len(plans)]
            client = Client(base)
            try:
                client.log_in(username)
            except (OSError, RuntimeError) as error:
                with lock:
                    errors["/login/"] += 1
                print(f"{username}: {error}", file=sys.stderr)
                return
            rng = random.Random(index)
            while time.monotonic() < deadline:
                path = rng.choice(urls)
                started = time.perf_counter()
                try:
                    status = client.get(path)
                except urllib.error.HTTPError as error:
                    status = error.code
                except OSError:
                    status = 0
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    samples[pattern(path)].append(elapsed)
                    if status == 0 or status >= 400:
                        errors[pattern(path)] += 1
                if args.think:
                    time.sleep(args.think)

        started = time.monotonic()
        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 60)
        wall = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)

    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, round(q * (len(values) - 1)))]

    everything = [v for values in samples.values() for v in values]
    print(
        f"{args.clients} clients, {args.workers} workers x {args.threads} threads, {wall:.0f} s: "
        f"{len(everything) / wall:.1f} requests/s, p50 {statistics.median(everything):.0f} ms, "
        f"p95 {pct(everything, 0.95):.0f} ms, p99 {pct(everything, 0.99):.0f} ms, errors {sum(errors.values())}"
    )
    for page, values in sorted(samples.items()):
        print(
            f"  {page:<48} {len(values):6d} req  p50 {statistics.median(values):6.0f} ms  "
            f"p95 {pct(values, 0.95):6.0f} ms  errors {errors[page]}"
        )
    return 1 if sum(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
