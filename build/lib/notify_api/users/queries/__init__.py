"""User SQL, one module per thing held: accounts, verify codes, memberships, security keys, Notify senders."""
