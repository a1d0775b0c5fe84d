"""Where a service wants its received texts and delivery receipts sent (URL and bearer token)."""
