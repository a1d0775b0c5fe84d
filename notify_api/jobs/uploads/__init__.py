"""The Uploads page: a service's CSV jobs and the letters its users uploaded, together."""
