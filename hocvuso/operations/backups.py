"""Backups of the database (SQLite or PostgreSQL) and the uploaded files.

One archive is one plain tar file, `hocvuso-<UTC time>.tar`:

    database.sqlite3 | database.pgdump   the database, consistent at one instant
    media/...                            every file under MEDIA_ROOT
    manifest.json                        written last: engine, time, each member's
                                         SHA-256 and size, every table's row count

The row counts are taken inside the same snapshot as the dump (SQLite: counted on
the copy; PostgreSQL: `pg_dump --snapshot` shares the counting transaction's
snapshot), so a restore can prove it brought back every row. An archive is
written as `.partial` and renamed only once it has been read back and verified.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection, transaction

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
ARCHIVE_RE = re.compile(r"^hocvuso-(\d{8}T\d{6}Z)\.tar$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class Target:
    """A database to restore into, from a DATABASE_URL-style setting."""

    engine: str  # "sqlite" or "postgresql"
    settings: dict

    @classmethod
    def parse(cls, url: str | None) -> Target:
        config = dj_database_url.parse(url) if url else settings.DATABASES["default"]
        engine = config["ENGINE"].rsplit(".", 1)[-1]
        if engine == "sqlite3":
            engine = "sqlite"
        if engine not in {"sqlite", "postgresql"}:
            raise BackupError(f"cannot back up or restore a {engine} database")
        return cls(engine=engine, settings=config)


# --- reading the database --------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_row_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: db.execute(f"SELECT COUNT(*) FROM {_quote(name)}").fetchone()[0]  # noqa: S608
        for name in names
    }


def pg_row_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        " ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


def _pg_command_env(config: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            args.append(f"{flag}={config[key]}")
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 - fixed PostgreSQL client programs
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is missing: apt-get install postgresql-client")
    return path


def dump_database(folder: Path) -> tuple[str, dict[str, int]]:
    """Write Django's default database into `folder`; return the member's name
    and every table's row count at the instant of the copy."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = folder / SQLITE_MEMBER
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
            counts = sqlite_row_counts(copy)
        finally:
            copy.close()
        return SQLITE_MEMBER, counts
    if connection.vendor != "postgresql":
        raise BackupError(f"cannot back up a {connection.vendor} database")
    path = folder / PG_MEMBER
    config = connection.settings_dict
    args, env = _pg_command_env(config)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = pg_row_counts(cursor)
        _run(
            [
                _pg_tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={path}",
                f"--dbname={config['NAME']}",
            ],
            env,
        )
    return PG_MEMBER, counts


# --- writing and reading archives ------------------------------------------------


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    while block := stream.read(CHUNK):
        digest.update(block)
    return digest.hexdigest()


def _media_files(media_root: Path) -> Iterable[Path]:
    if not media_root.is_dir():
        return []
    files = (p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())
    return sorted(files)


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def archive_name(moment: datetime) -> str:
    return f"hocvuso-{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar"


def backup_create(*, output: Path, media_root: Path | None = None) -> Path:
    """Write a verified archive of the database and the uploaded files into
    `output`; return its path. Nothing named like an archive is left behind
    if any step fails."""
    output.mkdir(parents=True, exist_ok=True)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    moment = datetime.now(UTC)
    final = output / archive_name(moment)
    partial = final.with_suffix(".tar.partial")
    members: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory(dir=output) as tmp:
            member, counts = dump_database(Path(tmp))
            migrations = _migrations()
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                dump = Path(tmp) / member
                with dump.open("rb") as stream:
                    members[member] = {
                        "sha256": _sha256(stream),
                        "size": dump.stat().st_size,
                    }
                tar.add(dump, arcname=member)
                for path in _media_files(media_root):
                    name = f"media/{path.relative_to(media_root).as_posix()}"
                    with path.open("rb") as stream:
                        members[name] = {
                            "sha256": _sha256(stream),
                            "size": path.stat().st_size,
                        }
                    tar.add(path, arcname=name)
                manifest = {
                    "format": FORMAT,
                    "created_at": moment.isoformat(),
                    "engine": connection.vendor,
                    "database": member,
                    "tables": counts,
                    "migrations": migrations,
                    "members": members,
                }
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(moment.timestamp())
                tar.addfile(info, io.BytesIO(data))
        backup_verify(archive=partial)
        partial.rename(final)
    finally:
        partial.unlink(missing_ok=True)
    return final


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError("the archive has no readable manifest.json") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    return manifest


@dataclass(frozen=True)
class Verified:
    manifest: dict
    tables: int
    rows: int
    media_files: int


def backup_verify(*, archive: Path) -> Verified:
    """Read an archive back: every member's checksum and size, the manifest's
    list of members, and the database copy itself (SQLite: opened and every
    table counted; PostgreSQL: pg_restore reads its table of contents and finds
    the data of every counted table)."""
    try:
        tar = tarfile.open(archive, "r:")  # noqa: SIM115 - closed by `with` below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a readable archive: {error}") from error
    with tar:
        manifest = read_manifest(tar)
        expected = manifest["members"]
        seen = set()
        for info in tar:
            if info.name == MANIFEST:
                continue
            if info.name not in expected or not info.isfile():
                raise BackupError(f"{info.name} is in the archive but not the manifest")
            digest = _sha256(tar.extractfile(info))
            if digest != expected[info.name]["sha256"] or (
                info.size != expected[info.name]["size"]
            ):
                raise BackupError(f"{info.name} is damaged (checksum differs)")
            seen.add(info.name)
        if missing := sorted(set(expected) - seen):
            raise BackupError(f"missing from the archive: {', '.join(missing)}")
        with tempfile.TemporaryDirectory() as tmp:
            tar.extract(manifest["database"], tmp, filter="data")
            copy = Path(tmp) / manifest["database"]
            if manifest["engine"] == "sqlite":
                db = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
                try:
                    counts = sqlite_row_counts(db)
                finally:
                    db.close()
                if counts != manifest["tables"]:
                    raise BackupError("the database copy's row counts differ")
            else:
                done = subprocess.run(  # noqa: S603 - fixed client program
                    [_pg_tool("pg_restore"), "--list", str(copy)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    raise BackupError(f"pg_restore cannot read the dump: {done.stderr}")
                with_data = set(re.findall(r" TABLE DATA \S+ (\S+) ", done.stdout))
                if lacking := sorted(set(manifest["tables"]) - with_data):
                    raise BackupError(f"the dump lacks the data of {lacking}")
    return Verified(
        manifest=manifest,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        media_files=sum(1 for n in expected if n.startswith("media/")),
    )


# --- restoring ------------------------------------------------------------------


def target_row_counts(target: Target) -> dict[str, int]:
    config = target.settings
    if target.engine == "sqlite":
        db = sqlite3.connect(config["NAME"])
        try:
            return sqlite_row_counts(db)
        finally:
            db.close()
    import psycopg

    with (
        psycopg.connect(
            dbname=config["NAME"],
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            autocommit=True,
        ) as db,
        db.cursor() as cursor,
    ):
        return pg_row_counts(cursor)


def backup_restore(
    *,
    archive: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    replace: bool = False,
) -> Verified:
    """Restore an archive into an empty database and media folder, then count
    every table and refuse to call it done unless each count is the
    archive's.

    Rules: the archive is verified first; the engine must be the archive's;
    a database that already has tables, or a media file that differs, is left
    untouched unless `replace` is given.
    """
    verified = backup_verify(archive=archive)
    manifest = verified.manifest
    target = Target.parse(database_url)
    if target.engine != manifest["engine"]:
        raise BackupError(
            f"the archive holds a {manifest['engine']} database;"
            f" the target is {target.engine}"
        )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    existing = target_row_counts(target)
    if existing and not replace:
        raise BackupError(
            f"the target database already has {len(existing)} tables:"
            " restore into an empty database, or give --replace"
        )
    with tarfile.open(archive, "r:") as tar, tempfile.TemporaryDirectory() as tmp:
        media = [i for i in tar.getmembers() if i.name.startswith("media/")]
        if not replace:
            for info in media:
                there = media_root / info.name.removeprefix("media/")
                if there.exists():
                    with there.open("rb") as stream:
                        digest = _sha256(stream)
                    if digest != manifest["members"][info.name]["sha256"]:
                        raise BackupError(
                            f"{there} exists and differs: give --replace to overwrite"
                        )
        tar.extract(manifest["database"], tmp, filter="data")
        _restore_database(target, Path(tmp) / manifest["database"], replace=replace)
        for info in media:
            info = info.replace(name=info.name.removeprefix("media/"), deep=False)
            tar.extract(info, media_root, filter="data")
    counts = target_row_counts(target)
    if differ := sorted(
        t for t in manifest["tables"] if counts.get(t) != manifest["tables"][t]
    ):
        raise BackupError(f"row counts differ after the restore: {differ}")
    return verified


def _restore_database(target: Target, dump: Path, *, replace: bool) -> None:
    config = target.settings
    if target.engine == "sqlite":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        destination = sqlite3.connect(config["NAME"])
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
        return
    args, env = _pg_command_env(config)
    _run(
        [
            _pg_tool("pg_restore"),
            *args,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *(["--clean", "--if-exists"] if replace else []),
            f"--dbname={config['NAME']}",
            str(dump),
        ],
        env,
    )


# --- retention ------------------------------------------------------------------


def archives_to_prune(
    names: Iterable[str], *, daily: int, weekly: int, monthly: int
) -> list[str]:
    """The archives a grandfather-father-son rotation no longer keeps: the
    newest of each of the last `daily` days, `weekly` ISO weeks and `monthly`
    months stay; so does anything not named like an archive."""
    dated = []
    for name in names:
        if match := ARCHIVE_RE.match(name):
            moment = datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            dated.append((moment, name))
    dated.sort(reverse=True)
    keep: set[str] = set()

    def keep_newest_per(period, count: int) -> None:
        periods: list = []
        for moment, name in dated:
            key = period(moment.date())
            if key not in periods:
                if len(periods) == count:
                    break
                periods.append(key)
                keep.add(name)

    keep_newest_per(lambda d: d, daily)
    keep_newest_per(lambda d: d.isocalendar()[:2], weekly)
    keep_newest_per(lambda d: (d.year, d.month), monthly)
    return [name for _moment, name in dated if name not in keep]


def backup_prune(*, folder: Path, daily: int, weekly: int, monthly: int) -> list[str]:
    """Delete the archives in `folder` that the rotation no longer keeps."""
    pruned = archives_to_prune(
        (p.name for p in folder.iterdir()), daily=daily, weekly=weekly, monthly=monthly
    )
    for name in pruned:
        (folder / name).unlink()
    return pruned
