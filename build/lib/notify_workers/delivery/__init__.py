"""Handing notifications to providers: claim, render, send, record, retry or fail (design §4)."""
