"""Development helpers: find or start PostgreSQL and Redis, and launch every process for `make run`."""
