"""Fault proof: PostgreSQL restarted during a burst of writes.

    python bench/faults.py            (after `python bench/load.py`, which makes the data set)

Starts gunicorn (production settings) on the benchmark database, sends forecast changes through the
API from several threads, restarts PostgreSQL in the middle, and then checks that every write either
committed fully (new forecast, version + 1, exactly one audit event) or failed cleanly (nothing
changed), and that the service answers again without being restarted. Only 127.0.0.1 is used; the
burst is bounded in time. Do not run it while other tests use the same PostgreSQL server.
"""

import http.client
import json
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ENV, ROOT, _free_port, manage

SECONDS = 20


def main() -> None:
    port = _free_port()
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    setup = (
        "from gridpact.api.services import create_token;"
        "from gridpact.parties.models import User;"
        "from gridpact.programmes.models import Programme;"
        "from gridpact.projects.models import Milestone;"
        "p = Programme.objects.filter(code__startswith='p-miek-bench').order_by('code')[3];"
        "u = User.objects.filter(memberships__role='coordinator', memberships__organisation=p.owner)[0];"
        "t, key = create_token(actor=u, name='faults');"
        "ms = Milestone.objects.filter(project__programme_links__programme=p).order_by('pk')[:40];"
        "print(key); print(' '.join(f'{m.pk}:{m.version}' for m in ms))"
    )
    key, rows = manage("shell", "-v0", "-c", setup).strip().split("\n")
    milestones = {pk: int(v) for pk, v in (item.split(":") for item in rows.split())}
    events_before = int(
        manage(
            "shell",
            "-v0",
            "-c",
            "from gridpact.core.models import AuditEvent; print(AuditEvent.objects.count())",
        )
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "gridpact.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
        ],
        env=ENV,
        cwd=ROOT,
    )
    outcomes = {"ok": 0, "failed": 0}
    ok_per_milestone = dict.fromkeys(milestones, 0)
    failed_per_milestone = dict.fromkeys(milestones, 0)
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def call(method, path, body=None, etag=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Authorization": f"Token {key}",
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/json",
        }
        if etag:
            headers["If-Match"] = etag
        conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, response.getheader("ETag"), data

    def writer(ids):
        step = 0
        while time.monotonic() < deadline:
            pk = ids[step % len(ids)]
            step += 1
            try:
                status, etag, _ = call("GET", f"/api/v2/milestones/{pk}")
                if status != 200:
                    raise OSError(status)
                new = (date(2030, 1, 1) + timedelta(days=step)).isoformat()
                status, _, _ = call(
                    "PATCH",
                    f"/api/v2/milestones/{pk}",
                    {"forecast_date": new, "reason": "fault test"},
                    etag,
                )
            except OSError:
                status = 0
            with lock:
                if status == 200:
                    outcomes["ok"] += 1
                    ok_per_milestone[pk] += 1
                else:
                    outcomes["failed"] += 1
                    failed_per_milestone[pk] += 1

    try:
        time.sleep(3)
        ids = list(milestones)
        threads = [threading.Thread(target=writer, args=(ids[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(SECONDS / 3)
        version = sorted(Path("/etc/postgresql").iterdir())[-1].name
        started = time.perf_counter()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
        )
        print(f"PostgreSQL restarted in {time.perf_counter() - started:.1f} s")
        for thread in threads:
            thread.join(timeout=SECONDS + 60)
        recovered = (
            call("GET", "/healthz")[0] == 200 and call("GET", "/api/v2/programmes")[0] == 200
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    check = (
        "from gridpact.core.models import AuditEvent; from gridpact.projects.models import Milestone;"
        f"ids = {list(milestones)!r};"
        "print(' '.join(f'{m.pk}:{m.version}' for m in Milestone.objects.filter(pk__in=ids)));"
        "print(AuditEvent.objects.count())"
    )
    versions_line, events_after = manage("shell", "-v0", "-c", check).strip().split("\n")
    versions = {pk: int(v) for pk, v in (item.split(":") for item in versions_line.split())}
    # A write whose answer was lost in the restart may have committed: it then counts as a
    # version step too. What may never happen is a step without its audit event, or the reverse.
    steps = {pk: versions[pk] - milestones[pk] for pk in milestones}
    consistent = all(
        ok_per_milestone[pk] <= steps[pk] <= ok_per_milestone[pk] + failed_per_milestone[pk]
        for pk in milestones
    )
    events_ok = int(events_after) - events_before == sum(steps.values())
    print(f"writes committed: {outcomes['ok']}, failed cleanly: {outcomes['failed']}")
    print(f"every answered write committed exactly once: {consistent}")
    print(f"one audit event per committed change, none without one: {events_ok}")
    print(f"service answered again without a restart: {recovered}")
    sys.exit(0 if consistent and events_ok and recovered else 1)


if __name__ == "__main__":
    main()
