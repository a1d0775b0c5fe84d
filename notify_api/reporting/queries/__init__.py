"""SQL of the reporting package: building the fact tables and reading them."""
