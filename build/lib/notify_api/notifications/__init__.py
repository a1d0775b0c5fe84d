"""Notifications: sending, reading and moving statuses on."""
