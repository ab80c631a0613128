"""The production server's settings, shared by `make run` and bench/web.py.

Two worker processes (one per core) of four threads each; PORT picks the port.
"""

import os

wsgi_app = "web:create_app()"
bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = 2
threads = 4
worker_class = "gthread"
keepalive = 5
