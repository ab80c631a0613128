"""The app server's settings. `make run` (deploy/serve.py) binds it to a unix socket behind
nginx; alone it listens on 127.0.0.1:PORT.

Two worker processes (one per core) of four threads each.
"""

import os

wsgi_app = "web:create_app()"
bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = 2
threads = 4
worker_class = "gthread"
keepalive = 5
# No management socket: several servers (make run, tests, benchmarks) run side by side and
# would share its one default path.
control_socket_disable = True
# nginx in front judges request sizes (8 KB lines, deploy/front.conf); gunicorn's limits are
# looser, so a request nginx lets through is never refused here instead.
limit_request_line = 8190
limit_request_field_size = 16380
