"""The nightly fact tables (status counts, billing, processing time) and the reports read from them."""
