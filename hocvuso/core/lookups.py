"""``path__under``: a unit's path and every path below it.

Administrative units are stored with materialised paths ("/91/30898/",
"/91/30898/30898-001/"), and every scoped read asks for the rows under one or
more paths. ``__startswith`` gives the right rows but SQLite cannot use an
index for it (Django writes ``LIKE … ESCAPE``, and SQLite's LIKE ignores case),
so on the province's 3.7 million people each scoped count scanned the whole
table. ``__under`` gives the same rows as ``__startswith`` and is written as a
range on SQLite below the province level, which the column's index answers
(for a whole province it stays a LIKE, see ``as_sqlite``); on PostgreSQL it stays a
``LIKE 'prefix%'``, which the ``varchar_pattern_ops`` index Django adds to every
indexed CharField answers.
"""

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"

    def as_sql(self, compiler, connection):
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler, connection):
        prefix = self.rhs
        if not isinstance(prefix, str):
            return self.as_sql(compiler, connection)
        if prefix.count("/") <= 2:
            # The whole province (or more): nearly every row matches, so an
            # index range would only keep SQLite from walking the index of the
            # page's sort order (e.g. names) and stopping after one page.
            return self.as_sql(compiler, connection)
        lhs, params = self.process_lhs(compiler, connection)
        # Under SQLite's binary ordering, the strings that start with the
        # prefix are exactly those >= prefix and < prefix with its last
        # character raised by one.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", [*params, prefix, upper]
