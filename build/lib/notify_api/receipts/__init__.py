"""Delivery receipts: provider status codes mapped to Notify statuses, and the rules for applying them."""
