"""The one durable write (R17, issue 11): no link followed, nothing but a regular file, the group kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wipboard.store.durable_write import write_durably
from wipboard.store.errors import UnsafeFile


def test_r17_a_new_file_is_refused_where_a_symbolic_link_stands_and_its_target_is_untouched(tmp_path: Path) -> None:
    target = tmp_path / "someone_elses_file"
    target.write_bytes(b"theirs")
    link = tmp_path / "firm.json.audit.jsonl"
    link.symlink_to(target)
    with pytest.raises(FileExistsError):
        write_durably(link, [b"ours"], mode=0o660, group=None)
    assert target.read_bytes() == b"theirs"
    assert link.is_symlink()


def test_r17_an_append_is_refused_through_a_symbolic_link_and_its_target_is_untouched(tmp_path: Path) -> None:
    target = tmp_path / "someone_elses_file"
    target.write_bytes(b"theirs")
    link = tmp_path / "firm.json.audit.jsonl"
    link.symlink_to(target)
    with pytest.raises(UnsafeFile, match="symbolic link"):
        write_durably(link, [b"ours"], mode=0o660, group=None, append=True)
    assert target.read_bytes() == b"theirs"


def test_r17_an_append_is_refused_to_a_named_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "firm.json.audit.jsonl"
    os.mkfifo(pipe)
    with pytest.raises(UnsafeFile):
        write_durably(pipe, [b"ours"], mode=0o660, group=None, append=True)


def test_r17_a_new_file_gets_the_group_and_mode_whatever_the_umask(tmp_path: Path) -> None:
    if os.geteuid() != 0 and len(os.getgroups()) < 2:
        pytest.skip("needs root, or a second group of our own, to give a file another group than our own")
    group = 4242 if os.geteuid() == 0 else next(gid for gid in os.getgroups() if gid != os.getegid())
    previous = os.umask(0o077)
    try:
        written = write_durably(tmp_path / "new.tmp", [b"one ", b"two"], mode=0o660, group=group)
    finally:
        os.umask(previous)
    status = (tmp_path / "new.tmp").stat()
    assert (status.st_gid, status.st_mode & 0o777, status.st_size) == (group, 0o660, 7)
    assert written.st_size == 7


def test_r17_an_append_keeps_the_existing_file_s_mode_and_group(tmp_path: Path) -> None:
    log = tmp_path / "firm.json.audit.jsonl"
    log.write_bytes(b"first\n")
    os.chmod(log, 0o640)
    before = log.stat()
    written = write_durably(log, [b"second\n"], mode=0o660, group=before.st_gid + 1, append=True)
    after = log.stat()
    assert log.read_bytes() == b"first\nsecond\n"
    assert (after.st_mode & 0o777, after.st_gid, written.st_size) == (0o640, before.st_gid, 13)
