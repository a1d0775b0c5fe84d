"""Email complaints reported by SES: stored per notification and forwarded to the service's callback."""
