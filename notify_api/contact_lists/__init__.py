"""Contact lists: CSV files of recipients a service keeps to send jobs to again (the original's
``service_contact_list``)."""
