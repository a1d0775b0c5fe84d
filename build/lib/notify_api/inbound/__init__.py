"""Inbound SMS: the numbers services receive texts on, the texts received (stored encrypted), reading them.

``receiving`` takes a text from a provider, stores it and queues its forwarding to the service's inbound API
(sent by ``notify_api.callbacks.delivery``); ``reading`` serves a service's received texts.
"""
