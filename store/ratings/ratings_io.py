"""Ratings out and in, the API the command line and the app use: the YAML export
(cppcc_review.store.ratings.export), its import (cppcc_review.store.ratings.importing) and the validated read of a
ratings file (cppcc_review.store.ratings.ratings_file). Schema cppcc-review/ratings/v1: the format is
documented in docs/ratings-format.md and fixed by store/ratings/ratings.schema.json."""

from __future__ import annotations

from .export import (
    ExportSummary,
    dump_ratings,
    export_entry,
    export_ratings,
    export_to_file,
    stream_document,
    stream_ratings,
    write_ratings,
)
from .importing import ImportReport, import_ratings, plan_import
from .ratings_file import (
    MERGED_SCHEMA_ID,
    SCHEMA_ID,
    load_ratings_file,
    load_schema,
    parse_ratings_bytes,
    read_ratings_bytes,
    schema_errors,
)

__all__ = [
    "MERGED_SCHEMA_ID",
    "SCHEMA_ID",
    "ExportSummary",
    "ImportReport",
    "dump_ratings",
    "export_entry",
    "export_ratings",
    "export_to_file",
    "import_ratings",
    "load_ratings_file",
    "load_schema",
    "parse_ratings_bytes",
    "plan_import",
    "read_ratings_bytes",
    "schema_errors",
    "stream_document",
    "stream_ratings",
    "write_ratings",
]
