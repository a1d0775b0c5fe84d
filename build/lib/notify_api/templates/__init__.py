"""Templates: the content services send, versioned."""
