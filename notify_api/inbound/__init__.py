"""Received text messages (inbound SMS) as services read them."""
