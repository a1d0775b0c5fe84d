"""CSV jobs: a file of recipients uploaded to S3, turned into one notification per row by a worker."""
