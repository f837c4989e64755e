"""Widgets of the review app, one a file."""
