"""Ratings that travel: YAML export and import (ratings_io), the YAML reader and writer, merging reviewers' files and their agreement."""
