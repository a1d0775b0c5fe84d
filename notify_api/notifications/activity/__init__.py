"""A service's activity as the admin frontend shows it: the paged, filtered list and one notification."""
