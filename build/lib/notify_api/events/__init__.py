"""Audit events recorded by the admin frontend (sign-ins, changes to sensitive settings, ...)."""
