"""Letters the post office sent back: marked ``returned-letter`` and listed for the service's admin pages."""
