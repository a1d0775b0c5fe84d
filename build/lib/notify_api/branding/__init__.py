"""Email and letter branding that services (and organisations) use."""
