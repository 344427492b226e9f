"""The JSON shapes of SPEC §3, built from the store's models; one function per shape."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from wipboard.store.models import (
    Contact,
    Job,
    JobTemplate,
    Pipeline,
    StatusTemplate,
    User,
)
from wipboard.store.repository import Snapshot
from wipboard.store.rules import simplified_conditions
from wipboard.store.services.history import HistoryItem
from wipboard.store.services.statuses import status_use

Json = dict[str, Any]
_JOBS = TypeAdapter(list[Job])


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text.replace("+00:00", "Z")


class JobViews:
    """Turns jobs into SPEC §3 JSON objects; names are looked up once per snapshot, not per job."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.accounts = {account.id: account.name for account in snapshot.accounts.values()}
        self.pipelines = {pipeline.id: pipeline.name for pipeline in snapshot.pipelines.values()}
        self.stages = {stage.id: stage.name for pipeline in snapshot.pipelines.values() for stage in pipeline.stages}
        self.templates = {template.id: template.name for template in snapshot.job_templates.values()}
        self.statuses = dict(snapshot.statuses)

    def __call__(self, job: Job) -> Json:
        return self.many([job])[0]

    def many(self, jobs: list[Job]) -> list[Json]:
        """All at once: pydantic's serializer turns dates into text far faster than Python can."""
        return [self._shape(raw) for raw in _JOBS.dump_python(jobs, mode="json")]

    def _shape(self, raw: Json) -> Json:
        client = raw["client_status"]
        status = self.statuses.get(client["status_id"]) if client["status_id"] else None
        return {
            "id": raw["id"],
            "name": raw["name"],
            "account": self.accounts.get(raw["account_id"]),
            "pipeline": self.pipelines.get(raw["pipeline_id"]),
            "stage": self.stages.get(raw["stage_id"]),
            "assignees": raw["assignees"],
            "priority": raw["priority"],
            "start_date": raw["start_date"],
            "due_date": raw["due_date"],
            "notes": raw["notes"],
            "archived": raw["archived"],
            "deleted": raw["deleted"],
            "version": raw["version"],
            "created_at": raw["created_at"],
            "updated_at": raw["updated_at"],
            "template": self.templates.get(raw["template_id"]) if raw["template_id"] else None,
            "client_status": {
                "visible": client["visible"],
                "name_for_client": client["name_for_client"],
                "status": status.name if status else None,
                "color": status.color if status else None,
                "description": client["description"],
                "updated_at": client["updated_at"],
                "updated_by": client["updated_by"],
                "via": client["via"],
            },
        }


def job_json(snapshot: Snapshot, job: Job) -> Json:
    return JobViews(snapshot)(job)


def history_json(items: list[HistoryItem]) -> list[Json]:
    return [
        {
            "at": _iso(item.at),
            "user": item.user,
            "actor": item.actor,
            "via": item.via,
            "field": item.field,
            "before": item.before,
            "after": item.after,
            "undone": item.undone,
            "undid": item.undid,
        }
        for item in items
    ]


def pipeline_json(snapshot: Snapshot, pipeline: Pipeline) -> Json:
    def status_name(status_id: int | None) -> str | None:
        status = snapshot.statuses.get(status_id) if status_id else None
        return status.name if status else (None if status_id is None else f"#{status_id} (deleted)")

    return {
        "id": pipeline.id,
        "name": pipeline.name,
        "position": pipeline.position,
        "show_client_status_on_cards": pipeline.show_client_status_on_cards,
        "confirm_automations_on_move": pipeline.confirm_automations_on_move,
        "stages": [
            {
                "id": stage.id,
                "name": stage.name,
                "jobs": sum(
                    1
                    for job in snapshot.jobs.values()
                    if job.stage_id == stage.id and not job.deleted and not job.archived
                ),
                "automations": [
                    {
                        "id": automation.id,
                        "action": automation.action,
                        "visible": automation.visible,
                        "status": status_name(automation.status_id),
                        "description": automation.description,
                        "if_account_tags": [tag for condition in automation.conditions for tag in condition.tags],
                        "tag_conditions": [
                            {"match": condition.match, "tags": condition.tags}
                            for condition in simplified_conditions(automation.conditions)
                        ],
                    }
                    for automation in stage.automations
                ],
            }
            for stage in pipeline.stages
        ],
    }


def status_json(snapshot: Snapshot, status: StatusTemplate) -> Json:
    return {
        "id": status.id,
        "name": status.name,
        "color": status.color,
        "description": status.description,
        "position": status.position,
        "jobs": status_use(snapshot, status.id).jobs,
        "notify_clients": status.notify_clients,
    }


def template_json(snapshot: Snapshot, template: JobTemplate) -> Json:
    pipeline = snapshot.pipelines.get(template.pipeline_id)
    stage = pipeline.stage(template.stage_id) if pipeline else None
    preset = template.client_status
    status = snapshot.statuses.get(preset.status_id) if preset.status_id else None
    return {
        "id": template.id,
        "name": template.name,
        "pipeline": pipeline.name if pipeline else None,
        "stage": stage.name if stage else None,
        "job_name": template.job_name,
        "assignees": list(template.assignees),
        "priority": template.priority,
        "client_status": {
            "visible": preset.visible,
            "status": status.name if status else None,
            "name_for_client": preset.name_for_client,
            "description": preset.description,
        },
    }


def account_json(snapshot: Snapshot, account_id: int) -> Json:
    account = snapshot.accounts[account_id]
    contacts = [contact.login for contact in snapshot.contacts.values() if account_id in contact.account_ids]
    return {"id": account.id, "name": account.name, "tags": list(account.tags), "contacts": contacts}


def user_json(snapshot: Snapshot, person: User | Contact) -> Json:
    if isinstance(person, Contact):
        accounts = [
            snapshot.accounts[account_id].name for account_id in person.account_ids if account_id in snapshot.accounts
        ]
        return {"login": person.login, "name": person.name, "role": "contact", "job_access": None, "accounts": accounts}
    return {
        "login": person.login,
        "name": person.name,
        "role": person.role,
        "job_access": person.job_access,
        "accounts": [],
    }
