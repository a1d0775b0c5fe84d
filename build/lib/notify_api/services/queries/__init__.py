"""SQL for services, one module per thing it reads or writes; each returns typed values."""
