"""ASGI entrypoint: ``uvicorn asgi:app``."""

from notify_api.web.app import create_app

app = create_app()
