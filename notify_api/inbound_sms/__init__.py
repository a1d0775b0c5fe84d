"""Text messages received on a service's inbound number: number lookup, storage (encrypted), forwarding."""
