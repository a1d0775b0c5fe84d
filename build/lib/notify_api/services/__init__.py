"""Services: the organisations' sending accounts."""
