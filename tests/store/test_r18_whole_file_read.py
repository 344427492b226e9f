"""R17, R18: the first read of a firm file validates it whole, straight from its bytes
(``store/whole_file.py``), and only ever as a shortcut: it gives the models the usual read
gives, it refuses all the usual read refuses, and whatever it does not accept is read the usual
way (which words the error, migrates an older file, or keeps a table it does not know)."""

from __future__ import annotations

import os

import orjson
import pytest

from wipboard.store import schema
from wipboard.store.demo import build_demo
from wipboard.store.errors import FirmFileError
from wipboard.store.repository import MODELS, WHOLE_FILE, Repository
from wipboard.store.storage import FirmStorage, serialize


@pytest.fixture
def demo_path(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.json"
    FirmStorage(path).create(build_demo(jobs=300, seed=3))
    return path


def usual_read(path) -> object:  # type: ignore[no-untyped-def]
    repo = Repository(path)
    return repo._validate(repo.storage.read())


def test_r18_the_first_read_validates_the_file_whole_and_gives_the_models_of_the_usual_read(demo_path):
    repo = Repository(demo_path)
    whole = repo.snapshot()
    assert repo.storage.unparsed is not None, "the first read went the usual way: the shortcut was not taken"
    usual = usual_read(demo_path)
    assert (whole.generation, whole.audit_size, whole.firm) == (usual.generation, usual.audit_size, usual.firm)
    for name in MODELS:
        assert list(whole.tables[name]) == list(usual.tables[name]), f"{name}: another order of documents"
        assert whole.tables[name] == usual.tables[name], f"{name}: other models"
    assert all(whole.tables[name] for name in MODELS if name != "notifications"), "the demo must fill what it compares"


def test_r17_the_whole_read_leaves_the_file_unparsed_until_its_documents_are_asked_for(demo_path):
    repo = Repository(demo_path)
    repo.snapshot()
    read = repo.storage.unparsed
    assert read is not None
    repo.prepare_writes()  # what the board does at idle: the documents as dicts, encoded for the first write
    assert repo.storage.unparsed is None
    assert repo.storage.data_of_read(read.number) is not None


@pytest.mark.parametrize("prepared", [False, True], ids=["parsed at the reload", "parsed ahead at idle"])
def test_r18_after_a_whole_read_a_reload_validates_only_the_document_that_changed(demo_path, prepared):
    reader = Repository(demo_path)
    before = reader.snapshot()
    if prepared:
        reader.prepare_writes()
    writer = Repository(demo_path)  # another process saves one job
    job_id = next(iter(before.jobs))
    with writer.transaction() as tx:
        job = tx.jobs[job_id]
        tx.jobs.save(job.model_copy(update={"notes": "changed elsewhere"}), expected_version=job.version)
    after = reader.snapshot()
    assert after.jobs[job_id].notes == "changed elsewhere"
    assert all(after.jobs[other] is before.jobs[other] for other in before.jobs if other != job_id)


def test_r18_a_write_after_a_whole_read_keeps_the_other_documents_for_the_next_reload(demo_path):
    reader = Repository(demo_path)
    before = reader.snapshot()
    first, second, *_ = before.jobs
    with reader.transaction() as tx:  # this process writes one job...
        job = tx.jobs[first]
        tx.jobs.save(job.model_copy(update={"notes": "mine"}), expected_version=job.version)
    with Repository(demo_path).transaction() as tx:  # ...then another process another one
        job = tx.jobs[second]
        tx.jobs.save(job.model_copy(update={"notes": "theirs"}), expected_version=job.version)
    after = reader.snapshot()
    assert (after.jobs[first].notes, after.jobs[second].notes) == ("mine", "theirs")
    assert all(after.jobs[other] is before.jobs[other] for other in before.jobs if other not in (first, second))


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda raw: raw.replace(b'"name":"', b'"name":"\\ud800', 1), "is not valid JSON"),  # a lone surrogate
        (lambda raw: b"\xef\xbb\xbf" + raw, "is not valid JSON"),  # a byte-order mark
        (lambda raw: raw[:-1] + b",}", "is not valid JSON"),  # a trailing comma
        (lambda raw: raw.replace(b'"audit_size":', b'"audit_size":NaN,"x":', 1), "is not valid JSON"),
        (lambda raw: raw.replace(b'"jobs":{"1":', b'"jobs":{"9007199254740993":', 1), "has a document id"),
    ],
    ids=["a lone surrogate", "a byte-order mark", "a trailing comma", "NaN", "an id past the largest"],
)
def test_r17_json_that_only_the_whole_read_could_take_is_refused_as_the_usual_read_refuses_it(
    demo_path, change, problem
):
    raw = change(demo_path.read_bytes())
    demo_path.write_bytes(raw)
    with pytest.raises(FirmFileError, match=problem):
        Repository(demo_path).snapshot()


def test_r17_a_table_this_wipboard_does_not_know_is_read_the_usual_way_and_kept(demo_path):
    data = orjson.loads(demo_path.read_bytes())
    data["reports"] = {"1": {"title": "from a later wipboard"}}
    demo_path.write_bytes(orjson.dumps(data))
    assert WHOLE_FILE.read(demo_path.read_bytes()) is None, "the shortcut takes only the tables it knows"
    repo = Repository(demo_path)
    job_id = next(iter(repo.snapshot().jobs))
    with repo.transaction() as tx:
        job = tx.jobs[job_id]
        tx.jobs.save(job.model_copy(update={"notes": "written"}), expected_version=job.version)
    assert orjson.loads(demo_path.read_bytes())["reports"] == {"1": {"title": "from a later wipboard"}}


@pytest.mark.parametrize("table", ["firm", "_meta"])
def test_r17_a_document_id_past_the_largest_in_a_table_without_ids_is_refused_as_the_usual_read_refuses_it(
    demo_path, table
):
    data = orjson.loads(demo_path.read_bytes())
    data[table]["9007199254740992"] = data[table]["1"]
    demo_path.write_bytes(orjson.dumps(data))  # as read: _meta first, its generation first
    assert demo_path.read_bytes().startswith(b'{"_meta":{"1":{"generation":'), "the shortcut must be the one to see it"
    with pytest.raises(FirmFileError, match="has a document id '9007199254740992'"):
        Repository(demo_path).snapshot()


def _replace_keeping_the_generation(path, job_id: int, notes: str) -> None:  # type: ignore[no-untyped-def]
    data = orjson.loads(path.read_bytes())
    data["jobs"][str(job_id)]["notes"] = notes
    (path.parent / "edit.tmp").write_bytes(serialize(data))
    os.replace(path.parent / "edit.tmp", path)


def _save_notes(repo: Repository, job_id: int, notes: str) -> None:
    with repo.transaction() as tx:
        job = tx.jobs[job_id]
        tx.jobs.save(job.model_copy(update={"notes": notes}), expected_version=job.version)


@pytest.mark.parametrize("then", ["a write here", "a read and the idle preparation"])
def test_r17_a_file_replaced_at_the_same_generation_never_pairs_its_documents_with_the_old_models(demo_path, then):
    """The documents a reload compares must be those the models were validated from: the new
    file's, paired with the old file's models, would keep the old models for good."""
    reader = Repository(demo_path)
    first, second, third = list(reader.snapshot().jobs)[:3]
    _replace_keeping_the_generation(demo_path, first, "EDITED BY HAND")
    if then == "a write here":
        _save_notes(reader, second, "mine")
    else:
        reader.snapshot()
        reader.prepare_writes()
    _save_notes(Repository(demo_path), third, "theirs")  # another process
    assert reader.snapshot().jobs[first].notes == "EDITED BY HAND"
    assert Repository(demo_path).snapshot().jobs[first].notes == "EDITED BY HAND"


def test_r17_a_file_damaged_in_place_at_the_same_generation_is_reported_by_the_next_read(demo_path):
    repo = Repository(demo_path)
    repo.snapshot()
    raw = demo_path.read_bytes()
    demo_path.write_bytes(raw[: len(raw) // 2])  # its head, with the same generation, is still there
    with pytest.raises(FirmFileError, match="is not valid JSON"):
        repo.snapshot()


def test_r17_a_file_of_an_older_schema_version_is_left_to_the_usual_read_without_validating_it(demo_path):
    raw = demo_path.read_bytes()
    version = schema.SCHEMA_VERSION
    older = raw.replace(b'"schema_version":%d' % version, b'"schema_version":%d' % (version - 1), 1)
    assert older != raw
    assert WHOLE_FILE.read(older) is None
