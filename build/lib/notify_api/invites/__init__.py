"""Invitations to join a service or an organisation, and the signed links they are sent with."""
