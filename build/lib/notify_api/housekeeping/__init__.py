"""Periodic clean-ups of short-lived rows (sign-in codes, invitations)."""
