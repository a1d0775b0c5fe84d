"""The internal admin API used by the admin frontend. Every route is guarded by ``admin_auth``."""

from __future__ import annotations

from starlette.routing import BaseRoute

# Each module of this package exposes ``routes``; list them here.
routes: list[BaseRoute] = []
