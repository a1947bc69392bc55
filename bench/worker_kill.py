"""Fault proof: a Celery worker killed (SIGKILL) in the middle of a task.

    python bench/worker_kill.py

Uses the PostgreSQL and Redis on this machine, and nothing left over from earlier runs: the
database `gridpact_workerkill` is dropped, created and migrated (with the demo data), and Redis
database 11 (only that one) is emptied. Real GridPact tasks go through the real paths: six
notifications through `notify_once` (queued when the transaction commits) and two PDF reports
through the "make report" page. Real workers (`celery worker`, prefork, production settings, the
bench's instruments from worker_kill_app.py) are killed with SIGKILL while one task is half-way,
each time at a chosen point where the bench's instruments stall:

1. the whole worker (its process group, as when a container or machine dies), with an e-mail
   claimed but not yet accepted by the mail server;
2. the whole worker, with an e-mail accepted by the mail server, while the connection closes;
3. the whole worker, with a report after its progress steps and before it is stored;
4. only the pool process running the other report (as the kernel's OOM killer would): the worker
   survives and puts the task back at once (task_reject_on_worker_lost).

With a short visibility timeout (10 s), Redis hands the tasks of the dead workers out again; a
fresh worker runs them. The bench then checks that every notification was e-mailed exactly once
(one outbox file per notification, one per Message-ID) and marked as sent, that every report was
stored once, that every task finished once, that Redis holds no task any more, and prints the
numbers. Exit status 1 if anything is off. Run time about one minute.
Only 127.0.0.1 is used, every wait is bounded.
"""

import argparse
import email
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
CELERY = str(ROOT / ".venv/bin/celery")
DB = "gridpact_workerkill"
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://gridpact:gridpact@127.0.0.1:5432/postgres")
DB_URL = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB}"
REDIS_DB = 11
BROKER = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379").rstrip("/") + f"/{REDIS_DB}"
VISIBILITY = 10  # seconds before Redis hands out a task whose worker died
CLAIM = 5  # seconds before an e-mail attempt that died may be taken over (below VISIBILITY)
NOTIFICATIONS = 6
EXPORTS = 2
WORK = Path(tempfile.mkdtemp(prefix="gridpact-workerkill-"))
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "gridpact.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-not-secret",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "GRIDPACT_MAP_TILE_URL": "",
    "GRIDPACT_LOG_LEVEL": "WARNING",
    "CELERY_BROKER_URL": BROKER,
    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
    "GRIDPACT_EMAIL_CLAIM_SECONDS": str(CLAIM),
    "EMAIL_BACKEND": "worker_kill_app.Outbox",
    "WORKER_KILL_DIR": str(WORK),
    "GRIDPACT_VAR_DIR": str(WORK),
    "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'bench'}",
}


def manage(*args: str, **env: str) -> str:
    return subprocess.run(
        [PY, str(ROOT / "manage.py"), *args],
        env={**ENV, **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare() -> None:
    """A new database and an empty Redis database 11: nothing from an earlier run counts."""
    subprocess.run(
        ["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB}", "-c", f"CREATE DATABASE {DB}"],
        check=True,
        capture_output=True,
    )
    manage("migrate", "-v0")
    # The demo's own notifications are sent in-process (no broker) to a dummy backend.
    manage("load_demo", CELERY_BROKER_URL="")
    import redis

    client = redis.Redis.from_url(BROKER)
    assert client.connection_pool.connection_kwargs["db"] == REDIS_DB
    client.flushdb()  # database 11 only; other databases on this server are not touched
    (WORK / "outbox").mkdir()
    (WORK / "static").mkdir()


def setup_django() -> None:
    os.environ.update(ENV)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
    import django

    django.setup()


def queue_work() -> tuple[list[str], list[str]]:
    """Notifications through notify_once, reports through their page; returns addresses, ids."""
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from gridpact.core.notifications import notify_once
    from gridpact.monitoring.models import ReportExport
    from gridpact.parties.models import User
    from gridpact.programmes.models import Programme

    addresses = []
    for i in range(NOTIFICATIONS):
        address = f"workerkill-{i}@bench.invalid"
        user = User.objects.create(
            username=f"workerkill{i}",
            email=address,
            first_name="Worker",
            last_name=f"Kill {i}",
        )
        with transaction.atomic():
            notify_once(
                key=f"workerkill-{i}",
                recipients=[user],
                subject=f"Bench notification {i}",
                body="A worker is killed while this message is on its way.",
                url="/mijn-werk/",
            )
        addresses.append(address)
    programme = Programme.objects.order_by("code").first()
    coordinator = User.objects.filter(
        memberships__role="coordinator", memberships__organisation=programme.owner
    ).first()
    client = Client()
    client.force_login(coordinator)
    for _ in range(EXPORTS):
        response = client.post(
            reverse("export-start", kwargs={"pk": programme.pk, "fmt": "pdf"}), secure=True
        )
        assert response.status_code == 302, response.status_code
    exports = ReportExport.objects.filter(user=coordinator).order_by("created_at")
    return addresses, [str(pk) for pk in exports.values_list("pk", flat=True)]


def start_worker(name: str, concurrency: int = 1) -> subprocess.Popen:
    log = open(WORK / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [
            CELERY,
            "-A",
            "worker_kill_app",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
        ],
        env=ENV,
        cwd=ROOT / "bench",
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes the pool children too
    )


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise TimeoutError(what)


def kill_mid_task(name: str, target: str, phase: str) -> float:
    """Start a worker, let it reach the target's stall, SIGKILL the worker's whole process group."""
    (WORK / "slow.json").write_text(f'{{"target": "{target}", "phase": "{phase}"}}')
    worker = start_worker(name)
    try:
        wait_for((WORK / "inflight").exists, 90, f"{name}: {target} never got under way")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    killed_at = time.monotonic()
    print(f"  killed {name} (SIGKILL) with {target} in flight ({phase})")
    (WORK / "inflight").unlink()
    (WORK / "slow.json").unlink()
    return killed_at


def kill_pool_child(name: str, target: str, phase: str, done) -> float:
    """SIGKILL only the pool process running the task, as the kernel's OOM killer would.

    The worker itself survives and gives the task back to the queue at once
    (task_reject_on_worker_lost); returns the seconds until the task ran again.
    """
    (WORK / "slow.json").write_text(f'{{"target": "{target}", "phase": "{phase}"}}')
    worker = start_worker(name)
    try:
        wait_for((WORK / "inflight").exists, 90, f"{name}: {target} never got under way")
        child = int((WORK / "inflight").read_text().split()[-1])
        (WORK / "slow.json").unlink()  # the next run of the task must not stall
        starts_before = len([e for e in events() if e[0] == "start"])
        os.kill(child, signal.SIGKILL)
        killed_at = time.monotonic()
        print(f"  killed the pool process of {name} (SIGKILL) with {target} in flight ({phase})")
        wait_for(
            lambda: len([e for e in events() if e[0] == "start"]) > starts_before,
            60,
            f"{name}: the task did not run again",
        )
        again = time.monotonic() - killed_at
        wait_for(done, 120, f"{name}: the task did not finish after it ran again")
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    (WORK / "inflight").unlink()
    return again


def events() -> list[list[str]]:
    path = WORK / "events.log"
    return [line.split() for line in path.read_text().splitlines()] if path.exists() else []


def outbox() -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted((WORK / "outbox").glob("*.eml"))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    keep = parser.parse_args().keep
    started = time.monotonic()
    prepare()
    setup_django()
    import redis
    from django.db import close_old_connections

    from gridpact.core.models import Notification
    from gridpact.monitoring.models import ExportStatus, ReportExport

    broker = redis.Redis.from_url(BROKER)
    addresses, export_ids = queue_work()
    queued = broker.llen("celery")
    print(
        f"tasks queued: {queued} ({NOTIFICATIONS} e-mails, {EXPORTS} PDF reports) "
        f"in Redis db {REDIS_DB}"
    )

    def exports_done(ids) -> bool:
        close_old_connections()
        return ReportExport.objects.filter(pk__in=ids, status=ExportStatus.DONE).count() == len(ids)

    killed = []
    for name, target, phase in [
        ("kill1", addresses[0], "send"),
        ("kill2", addresses[1], "close"),
        ("kill3", "export", "export"),
    ]:
        killed_at = kill_mid_task(name, target, phase)
        killed.append(target)
    unacked_after_kills = broker.hlen("unacked")
    # The second report: this time only the pool process dies; the worker requeues it at once.
    requeued_after = kill_pool_child(
        "kill4", "export", "export", lambda: exports_done(export_ids[1:])
    )
    killed.append("export (pool process)")

    # A worker that starts after the visibility timeout takes the abandoned tasks back at once.
    time.sleep(max(0.0, killed_at + VISIBILITY + 1 - time.monotonic()))
    worker = start_worker("final", concurrency=2)

    def all_done() -> bool:
        close_old_connections()
        return (
            not Notification.objects.filter(key__startswith="workerkill-", sent_at=None).exists()
            and exports_done(export_ids)
            and broker.llen("celery") == 0
            and broker.hlen("unacked") == 0
        )

    try:
        wait_for(all_done, 180, "the tasks were not all finished after the redelivery")
        finished = True
    except TimeoutError as error:
        print(f"TIMEOUT: {error}")
        finished = False
    finally:
        worker.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()

    # What happened, from the worker's event log, the outbox and the database.
    log = events()
    starts = Counter(e[1] for e in log if e[0] == "start")
    redelivered = sum(1 for n in starts.values() if n > 1)
    successes = Counter(e[1] for e in log if e[0] == "end" and e[3] == "SUCCESS")
    pdfs_built = sum(1 for e in log if e[0] == "pdf-built")
    messages = outbox()
    per_address = Counter(a.strip() for m in messages for a in str(m["To"]).split(","))
    per_message_id = Counter(str(m["Message-ID"]) for m in messages)
    close_old_connections()
    notifications = {
        n.recipient.email: n
        for n in Notification.objects.filter(key__startswith="workerkill-").select_related(
            "recipient"
        )
    }
    exports = list(ReportExport.objects.filter(pk__in=export_ids))
    duplicates = sum(n - 1 for n in per_address.values() if n > 1)
    lost = [a for a in addresses if per_address[a] == 0]
    unmarked = [a for a, n in notifications.items() if n.sent_at is None]
    tasks_ok = len(starts) == queued and all(successes[t] == 1 for t in starts)
    export_ok = (
        len(exports) == EXPORTS
        and all(
            export.status == ExportStatus.DONE
            and bytes(export.content or b"").startswith(b"%PDF")
            and export.finished_at is not None
            for export in exports
        )
        and pdfs_built == EXPORTS  # only the redelivered runs got past the point of the kill
    )
    queue_empty = broker.llen("celery") == 0 and broker.hlen("unacked") == 0

    print(
        f"killed mid-task: {len(killed)} (3 workers SIGKILLed with their process group, "
        "1 pool process)"
    )
    print(f"left unacknowledged in Redis by the 3 killed workers: {unacked_after_kills}")
    print(f"task of the killed pool process queued and run again after {requeued_after:.1f} s")
    print(f"redelivered and run again: {redelivered}")
    print(
        f"task runs: {sum(starts.values())} for {len(starts)} tasks, each finished once: {tasks_ok}"
    )
    print(f"e-mails sent: {len(messages)} for {len(addresses)} notifications")
    print(f"duplicate e-mails: {duplicates} (distinct Message-IDs: {len(per_message_id)})")
    print(f"notifications lost: {len(lost)}, not marked as sent: {len(unmarked)}")
    sizes = ", ".join(f"{len(bytes(e.content or b''))}" for e in exports)
    print(
        f"reports: {[e.status for e in exports].count(ExportStatus.DONE)} of {EXPORTS} done "
        f"(PDF bytes: {sizes}), PDF runs past the kill point: {pdfs_built}, "
        f"each stored once: {export_ok}"
    )
    print(f"Redis queue and unacknowledged set empty: {queue_empty}")
    print(f"run time: {time.monotonic() - started:.0f} s")
    ok = (
        finished
        and duplicates == 0
        and not lost
        and not unmarked
        and len(per_message_id) == len(messages) == len(addresses)
        and redelivered == len(killed)
        and tasks_ok
        and export_ok
        and queue_empty
    )
    print("RESULT:", "pass" if ok else "FAIL")
    if keep or not ok:
        print(f"scratch directory (worker logs, events, outbox): {WORK}")
    else:
        shutil.rmtree(WORK)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
