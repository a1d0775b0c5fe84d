"""Template folders: a tree per service, with the team members allowed to see each folder."""
