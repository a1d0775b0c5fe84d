"""Development tooling, kept out of the product: `make run`, the provider simulator, moto, a dev service."""
