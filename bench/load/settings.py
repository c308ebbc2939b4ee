"""Settings of the load benchmark: production's own settings (read from the environment the benchmark
sets), with one extra URL, a bare Django view, as the peer measured in the same run."""

from __future__ import annotations

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"
# Every simulated citizen posts from an address of their own, as behind the reverse proxy
# (the public form's rate limit is per address).
CLIENT_IP_HEADER = "X-Real-IP"
LOGGING = {"version": 1, "disable_existing_loggers": False}
