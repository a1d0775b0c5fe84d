"""A service's senders: SMS sender ids, email reply-to addresses and letter contact blocks."""
