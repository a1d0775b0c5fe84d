"""Delivery providers (MMG, Firetext, SES): their settings, version history and usage."""
