"""gunicorn's configuration for production: ``gunicorn -c config/gunicorn.py --bind 0.0.0.0:8000``.

Read from the environment like the settings (README, Production). One worker process per core:
Python runs one thread of a process at a time, so more processes than cores only queue for the
CPU. Threads (gthread) let a worker serve another request while one waits for the database, and
keep the other requests of a busy page from queueing behind it; each thread keeps its own
database connection (``DB_CONN_MAX_AGE``), so PostgreSQL sees workers x threads connections.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count())
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
worker_class = "gthread" if threads > 1 else "sync"
# A request does a few seconds of work at most (long work runs as jobs); a stuck one is ended.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that no slow growth of memory lasts.
max_requests = 5000
max_requests_jitter = 500
