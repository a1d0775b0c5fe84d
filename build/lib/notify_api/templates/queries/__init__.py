"""SQL of templates: `records` (a version as the send path and the public API read it, usage) and `admin`
(the admin API's details, versions and writes)."""
