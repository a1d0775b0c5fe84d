"""Operator commands: the logic behind ``python cli.py <command>``."""
