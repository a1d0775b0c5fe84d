"""Service callbacks: where a service wants receipts, complaints and received texts sent, and sending them.

``settings`` manages the URLs and bearer tokens (admin API); ``delivery`` reads what to report, builds the
signed payload (``payloads``) and POSTs it (``http``).
"""
