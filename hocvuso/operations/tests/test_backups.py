"""hocvuso backup / restore: the database (whichever engine runs the suite:
CI runs it on SQLite and on PostgreSQL) and the uploaded files."""

import io
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from hocvuso.accounts.scope import Role
from hocvuso.operations import backups
from hocvuso.operations.backups import BackupError, archives_to_prune
from hocvuso.people.services import household_register, person_register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path, settings):
    root = tmp_path / "media"
    (root / "imports").mkdir(parents=True)
    (root / "imports" / "danh-sach.xlsx").write_bytes(b"PK\x03\x04 resident list")
    (root / "ghi chú.txt").write_text("Ấp Vĩnh Thành A", encoding="utf-8")
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def population(binh_an, make_hamlet, make_staff):
    hamlet = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    make_staff(Role.COMMUNE_OFFICER, binh_an, name="Trần Thị Cán Bộ")
    for n in range(12):
        household = household_register(actor=None, unit=hamlet, address=f"Số {n}")
        person_register(
            actor=None,
            unit=hamlet,
            household=household,
            full_name=f"Nguyễn Văn Thử {n}",
            birth_year=1940 + n,
            phone=f"09123456{n:02d}",
        )
    return hamlet


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the suite's engine, as a DATABASE_URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    config = connection.settings_dict
    name = f"{config['NAME']}_restore"
    admin = {
        "dbname": "postgres",
        "user": config["USER"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "autocommit": True,
    }
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    host = f"{config['HOST']}:{config['PORT'] or 5432}"
    yield f"postgres://{config['USER']}@{host}/{name}"
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sample_queries(table: str, columns: list[str], n: int = 5) -> list[str]:
    """The first and last rows, every value cast to text so that both sides
    compare the stored values, not the driver's conversions of them."""
    values = ", ".join(f'CAST("{c}" AS TEXT)' for c in columns)
    return [
        f'SELECT {values} FROM "{table}" ORDER BY 1 {order} LIMIT {n}'  # noqa: S608
        for order in ("ASC", "DESC")
    ]


def source_rows() -> tuple[dict[str, int], dict[str, list], dict[str, list]]:
    """Every table's row count, columns and first and last rows, read through
    Django's own connection (independently of the backup code)."""
    counts, columns, samples = {}, {}, {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
            columns[table] = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
            ]
            samples[table] = _sample(cursor, table, columns[table])
    return counts, columns, samples


def _sample(cursor, table, columns):
    rows = []
    for sql in sample_queries(table, columns):
        cursor.execute(sql)
        rows.extend(tuple(row) for row in cursor.fetchall())
    return rows


def target_rows(url: str, columns: dict[str, list]) -> tuple[dict, dict]:
    target = backups.Target.parse(url)
    counts = backups.target_row_counts(target)
    if target.engine == "sqlite":
        import sqlite3

        db = sqlite3.connect(target.settings["NAME"])
    else:
        db = psycopg.connect(
            dbname=target.settings["NAME"],
            user=target.settings["USER"],
            host=target.settings["HOST"],
            port=target.settings["PORT"],
        )
    try:
        cursor = db.cursor()
        samples = {t: _sample(cursor, t, cols) for t, cols in columns.items()}
    finally:
        db.close()
    return counts, samples


def test_backup_then_restore_into_an_empty_database_brings_back_every_row(
    population, media, tmp_path, empty_target
):
    counts, columns, samples = source_rows()
    assert counts["people_person"] == 12 and counts["geography_unit"] > 100

    archive = backups.backup_create(output=tmp_path / "backups")
    assert backups.ARCHIVE_RE.match(archive.name)
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]

    restored_media = tmp_path / "restored-media"
    verified = backups.backup_restore(
        archive=archive, database_url=empty_target, media_root=restored_media
    )
    assert verified.manifest["tables"] == counts
    assert verified.manifest["engine"] == connection.vendor
    assert verified.media_files == 2

    restored_counts, restored_samples = target_rows(empty_target, columns)
    assert restored_counts == counts
    assert restored_samples == samples
    assert (restored_media / "imports" / "danh-sach.xlsx").read_bytes() == (
        media / "imports" / "danh-sach.xlsx"
    ).read_bytes()
    assert (restored_media / "ghi chú.txt").read_text(encoding="utf-8") == (
        "Ấp Vĩnh Thành A"
    )


def test_restore_refuses_a_database_that_has_tables(population, media, tmp_path):
    archive = backups.backup_create(output=tmp_path)
    with pytest.raises(BackupError, match="already has .* tables"):
        backups.backup_restore(archive=archive, media_root=tmp_path / "m")


def test_restore_refuses_to_overwrite_a_different_uploaded_file(
    population, media, tmp_path, empty_target
):
    archive = backups.backup_create(output=tmp_path / "b")
    (media / "ghi chú.txt").write_text("changed since", encoding="utf-8")
    with pytest.raises(BackupError, match="exists and differs"):
        backups.backup_restore(
            archive=archive, database_url=empty_target, media_root=media
        )
    assert backups.target_row_counts(backups.Target.parse(empty_target)) == {}


def damage(archive: Path, member: str) -> None:
    """Flip one byte inside a member's data, leaving the tar readable."""
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data
    with archive.open("r+b") as handle:
        handle.seek(offset + 3)
        byte = handle.read(1)
        handle.seek(offset + 3)
        handle.write(bytes([byte[0] ^ 0xFF]))


@pytest.mark.parametrize("member", ["database", "media/imports/danh-sach.xlsx"])
def test_verify_finds_a_damaged_member(population, media, tmp_path, member):
    archive = backups.backup_create(output=tmp_path)
    manifest = backups.backup_verify(archive=archive).manifest
    damage(archive, manifest["database"] if member == "database" else member)
    with pytest.raises(BackupError, match="damaged"):
        backups.backup_verify(archive=archive)


def test_verify_refuses_a_file_that_is_not_an_archive(tmp_path):
    bogus = tmp_path / "hocvuso-20261203T000000Z.tar"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(BackupError, match="not a readable archive"):
        backups.backup_verify(archive=bogus)
    plain = tmp_path / "plain.tar"
    with tarfile.open(plain, "w") as tar:
        tar.addfile(tarfile.TarInfo("x"), io.BytesIO(b""))
    with pytest.raises(BackupError, match="no readable manifest"):
        backups.backup_verify(archive=plain)


def test_a_failed_backup_leaves_no_archive(population, media, tmp_path, monkeypatch):
    def broken(path):
        raise OSError("disk full")

    monkeypatch.setattr(backups, "_media_files", lambda root: [root / "gone"])
    monkeypatch.setattr(backups, "_sha256", broken)
    with pytest.raises(OSError, match="disk full"):
        backups.backup_create(output=tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_the_commands_back_up_verify_and_prune(population, media, tmp_path):
    out = tmp_path / "backups"
    out.mkdir()
    old = out / "hocvuso-20200101T023000Z.tar"
    old.write_bytes(b"")
    (out / "notes.txt").write_text("kept: not an archive")
    said = io.StringIO()
    call_command("backup", output=out, keep_daily=1, stdout=said)
    (archive,) = out.glob("hocvuso-*.tar")
    assert not old.exists() and (out / "notes.txt").exists()
    assert f"wrote {archive}: " in said.getvalue()
    assert "2 uploaded files" in said.getvalue()
    assert f"pruned {old}" in said.getvalue()
    said = io.StringIO()
    call_command("backup", verify=archive, stdout=said)
    assert said.getvalue().startswith(f"verified {archive}: ")


def test_the_restore_command_reports_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a readable archive"):
        call_command("restore", tmp_path / "missing.tar")


def names(*stamps):
    return [f"hocvuso-{s}.tar" for s in stamps]


def test_retention_keeps_the_newest_per_day_week_and_month():
    archives = names(
        "20261203T023000Z",
        "20261203T010000Z",  # same day, older: not kept as that day's
        "20261202T023000Z",
        "20261201T023000Z",
        "20261124T023000Z",  # previous ISO week
        "20261110T023000Z",
        "20261015T023000Z",  # October
        "20250601T023000Z",
    )
    pruned = archives_to_prune([*archives, "notes.txt"], daily=2, weekly=2, monthly=3)
    assert sorted(pruned) == sorted(
        names(
            "20261203T010000Z",
            "20261201T023000Z",
            "20261110T023000Z",
            "20250601T023000Z",
        )
    )


def test_retention_with_nothing_to_keep_prunes_every_archive():
    assert archives_to_prune(
        names("20261203T023000Z"), daily=0, weekly=0, monthly=0
    ) == names("20261203T023000Z")
