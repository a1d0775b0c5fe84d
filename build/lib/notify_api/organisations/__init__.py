"""Organisations: the public bodies services belong to, found from users' email domains."""
