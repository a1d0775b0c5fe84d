"""Sending work to the workers by actor name and queue, so the API never imports worker code."""
