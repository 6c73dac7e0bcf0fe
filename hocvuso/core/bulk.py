"""Append-only rows inserted without building a model instance per row.

``bulk_create`` builds a model instance for every row and compiles every value
through the ORM; for the thousands of append-only rows of an offline sync
(visit actions, milestones, audit events) that costs more than the database
itself. ``insert_rows`` prepares values with each field's own
``get_db_prep_save`` where the field needs it (dates, times, JSON), so the
stored values are exactly what the ORM would store, and sends them with COPY
on PostgreSQL or multi-row INSERT statements on SQLite. It runs no signals and no
``save()``: use it only for plain append-only rows, and give every column
that has no database default.
"""

from collections.abc import Sequence

from django.db import connections, models

# Fields whose Python value is already what the database driver takes.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_rows(
    model: type[models.Model], rows: Sequence[dict], *, using="default"
) -> int:
    """Insert ``rows`` (dicts of field name to value, FKs as ids) into ``model``."""
    if not rows:
        return 0
    connection = connections[using]
    names = list(rows[0])
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    # Only quoted identifiers from the model's metadata go into the text.
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    preparers = [None if isinstance(f, _PLAIN) else f.get_db_prep_save for f in fields]
    values = [
        [
            row[name] if prepare is None else prepare(row[name], connection)
            for name, prepare in zip(names, preparers, strict=True)
        ]
        for row in rows
    ]
    if connection.vendor == "postgresql":
        # COPY: the server's own bulk path, values sent in psycopg's binary-safe
        # text format with the same adapters as the ORM's.
        copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in values:
                copy.write_row(row)
        return len(values)
    # One statement per chunk of rows, as many as the backend takes.
    head = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
    one_row = "({})".format(", ".join(["%s"] * len(fields)))
    size = max(1, connection.ops.bulk_batch_size(fields, values))
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            chunk = values[start : start + size]
            sql = head + ", ".join([one_row] * len(chunk))
            cursor.execute(sql, [value for row in chunk for value in row])
    return len(values)
