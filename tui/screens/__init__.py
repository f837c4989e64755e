"""Screens of the review app: inbox, review, assessment, help, original text, statistics, disputes."""
