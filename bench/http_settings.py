"""Settings for bench/http_bench.py: the product's settings in production mode,
with bench/http_urls.py as URLconf (the product's URLs plus one bare view).

Environment: the production variables (SECRET_KEY, DATABASE_URL, CACHE_URL, ...)
and BENCH_STATIC_ROOT, where the bench has run collectstatic.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.http_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# Plain HTTP on loopback, every request from 127.0.0.1: no TLS redirect, no
# per-address rate limit (it would refuse the 16 clients after 10 registrations).
SECURE_SSL_REDIRECT = False
RATELIMIT_ENABLE = False
