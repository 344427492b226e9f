"""The JSON shapes of SPEC §3, built from the store's models; one function per shape."""

from __future__ import annotations

from typing import Any

from wipboard.store.models import Contact, Job, JobTemplate, Pipeline, StatusTemplate, User
from wipboard.store.repository import Snapshot
from wipboard.store.services.history import HistoryItem
from wipboard.store.services.statuses import status_use

Json = dict[str, Any]


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text.replace("+00:00", "Z")


def job_json(snapshot: Snapshot, job: Job) -> Json:
    account = snapshot.accounts.get(job.account_id)
    pipeline = snapshot.pipelines.get(job.pipeline_id)
    stage = pipeline.stage(job.stage_id) if pipeline else None
    template = snapshot.job_templates.get(job.template_id) if job.template_id else None
    client = job.client_status
    status = snapshot.statuses.get(client.status_id) if client.status_id else None
    return {
        "id": job.id,
        "name": job.name,
        "account": account.name if account else None,
        "pipeline": pipeline.name if pipeline else None,
        "stage": stage.name if stage else None,
        "assignees": list(job.assignees),
        "priority": job.priority,
        "start_date": _iso(job.start_date),
        "due_date": _iso(job.due_date),
        "notes": job.notes,
        "archived": job.archived,
        "deleted": job.deleted,
        "version": job.version,
        "created_at": _iso(job.created_at),
        "updated_at": _iso(job.updated_at),
        "template": template.name if template else None,
        "client_status": {
            "visible": client.visible,
            "name_for_client": client.name_for_client,
            "status": status.name if status else None,
            "color": status.color if status else None,
            "description": client.description,
            "updated_at": _iso(client.updated_at),
            "updated_by": client.updated_by,
            "via": client.via,
        },
    }


def history_json(items: list[HistoryItem]) -> list[Json]:
    return [
        {"at": _iso(item.at), "user": item.user, "actor": item.actor, "via": item.via, "field": item.field,
         "before": item.before, "after": item.after}
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
                "jobs": sum(1 for job in snapshot.jobs.values() if job.stage_id == stage.id and not job.deleted and not job.archived),
                "automations": [
                    {
                        "id": automation.id,
                        "action": automation.action,
                        "visible": automation.visible,
                        "status": status_name(automation.status_id),
                        "description": automation.description,
                        "if_account_tags": [tag for condition in automation.conditions for tag in condition.tags],
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
        accounts = [snapshot.accounts[account_id].name for account_id in person.account_ids if account_id in snapshot.accounts]
        return {"login": person.login, "name": person.name, "role": "contact", "job_access": None, "accounts": accounts}
    return {"login": person.login, "name": person.name, "role": person.role, "job_access": person.job_access, "accounts": []}
