"""gunicorn settings for hocvuso (docs/deploy.md, docs/decisions/0005-app-server.md).

Sync workers behind nginx: nginx buffers slow phone connections, so each
worker only ever talks to the proxy on this machine and a request ties up a
worker for its server time alone.
"""

import os

bind = [os.environ.get("HOCVUSO_BIND", "unix:/run/hocvuso/gunicorn.sock")]
# (2 x cores) + 1 is gunicorn's own rule for sync workers.
workers = int(os.environ.get("HOCVUSO_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"
wsgi_app = "config.wsgi:application"
proc_name = "hocvuso-web"
# The socket is for nginx (group hocvuso, which www-data joins), no one else.
umask = 0o007
# A request longer than this is a bug or an attack: the worker is replaced.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Replace each worker after a few thousand requests, staggered, so that slow
# growth of a process's memory never accumulates.
max_requests = 5000
max_requests_jitter = 500
# The heartbeat file lives in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a tmpfs, not a shared temp file
# Requests are logged by the application (one JSON line with a request id,
# hocvuso.operations.middleware); gunicorn logs only its own events.
accesslog = None
errorlog = "-"
# No control socket: nothing here administers gunicorn through it, and its
# default path under $HOME would be shared by every instance of one user.
control_socket_disable = True
loglevel = "info"
