"""Files sent by email: personalisation values built with the clients' ``prepare_upload``.

Each file is checked, encrypted with its own random key and stored in S3; the personalisation value becomes a
download URL on this API that carries the key. The key is never stored, so only the URL can open the file.
"""
