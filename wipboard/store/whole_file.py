"""The first read of a firm file, validated whole straight from its bytes (R17, R18).

The usual read parses the file into dicts, checks their shape in Python and then validates
each table's documents from those dicts. pydantic-core can read the JSON itself and validate
all of it in one pass, making only the models: at 10 000 jobs that is about 40 ms of a 150 ms
read, at the start of the app and of every command.

It is a shortcut, never the judge. What it accepts is narrower than what the usual read
accepts: the current schema version only (an older file goes the usual way, to be migrated),
the known tables only, and every document of every table validated, the other documents of
``_meta`` and ``firm`` included. So a file it accepts gives the same models either way, and a
file it refuses is read again the usual way, which says what is wrong in the words a person
is told (``tests/store/test_storage_bad_files.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import GenericAlias
from typing import Annotated, Any

from pydantic import ConfigDict, StringConstraints, TypeAdapter, ValidationError, with_config
from typing_extensions import NotRequired, TypedDict

from wipboard.store import schema
from wipboard.store.models import Entity, Firm

# Plain ASCII digits of a positive integer; one of 16 digits may still be above MAX_INT: the
# repository compares each entity's id with its document's, and ``read`` checks the rest.
DocumentId = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,15}$")]
# The schema version, near the start of every file wipboard writes: a file of another version is
# left to the usual read at once, without validating all of it first (a hint only: the validated
# _meta decides).
_SCHEMA_VERSION_AT_HEAD = re.compile(rb'"schema_version":([0-9]{1,16})[,}]')
_HEAD_BYTES = 256


@dataclass(frozen=True)
class WholeFile:
    """One generation's validated documents, by table and by the document id written in the file."""

    generation: int
    audit_size: int
    firm: Firm
    tables: dict[str, dict[str, Entity]]


def _layout(tables: dict[str, Any]) -> type:
    """A TypedDict of exactly ``tables``: another table goes the usual way, which keeps it as it is.
    Its keys are known at run time only, and type checkers read TypedDict's functional form only
    with a literal of keys: it is called as the plain function it is at run time."""
    typed_dict: Any = TypedDict
    return with_config(ConfigDict(extra="forbid"))(typed_dict("FirmFileLayout", tables))


class WholeFileReader:
    """Validates a firm file whose tables hold ``models`` (by table name) from its bytes."""

    def __init__(self, models: Mapping[str, type[Entity]]) -> None:
        self._models = dict(models)
        tables: dict[str, Any] = {schema.META: dict[DocumentId, schema.Meta], "firm": dict[DocumentId, Firm]}
        for name, model in models.items():
            shape = GenericAlias(dict, (DocumentId, model))  # dict[DocumentId, model], for a model known at run time
            tables[name] = shape if name in schema.REQUIRED_TABLES else NotRequired[shape]
        self._adapter: TypeAdapter[dict[str, dict[str, Any]]] = TypeAdapter(_layout(tables))

    def read(self, raw: bytes) -> WholeFile | None:
        """The file's models, or None when the shortcut does not accept it (the usual read decides)."""
        version = _SCHEMA_VERSION_AT_HEAD.search(raw, 0, _HEAD_BYTES)
        if version is None or int(version.group(1)) != schema.SCHEMA_VERSION:
            return None  # another version: an older file must be migrated first
        try:
            data = self._adapter.validate_json(raw)
        except ValidationError:
            return None
        meta = data[schema.META].get(schema.META_DOC)
        firm = data["firm"].get("1")
        if meta is None or firm is None or meta.schema_version != schema.SCHEMA_VERSION:
            return None
        if not all(schema.is_document_id(doc_id) for doc_id in (*data[schema.META], *data["firm"])):
            return None  # an id past MAX_INT in a table whose documents carry none
        return WholeFile(meta.generation, meta.audit_size, firm, {name: data.get(name, {}) for name in self._models})
