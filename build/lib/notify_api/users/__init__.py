"""Users of the admin frontend: accounts, sign-in (passwords and codes), memberships, emailed links."""
