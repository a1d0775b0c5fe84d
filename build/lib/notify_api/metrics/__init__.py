"""Prometheus metrics for the API.

The API runs prometheus-client in multiprocess mode when the launcher (``notify_api.serve``) sets
``PROMETHEUS_MULTIPROC_DIR``; :mod:`notify_api.metrics.archive` keeps that directory bounded. Workers never
use multiprocess mode (see ``worker_main.py``). This package never imports Starlette: the web layer uses it.
"""
