"""Calling services back: building, signing and POSTing delivery-status, complaint and inbound-SMS payloads.

The callback URLs and bearer tokens are managed by the admin API; this package only reads them.
"""
