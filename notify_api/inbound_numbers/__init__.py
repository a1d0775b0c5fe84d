"""Inbound numbers: the phone numbers services receive text messages on."""
