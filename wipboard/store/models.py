"""The entities of SPEC §1 as pydantic models.

Models are frozen: the repository hands the same instances to every reader of
a generation, so a change is always a new model (``model_copy`` or
``model_validate``) that the repository validates again when it is saved.
References between entities are ids, never names, so that renaming a status or
a stage shows everywhere at once (R11).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, model_validator

from wipboard.store.email_address import Email
from wipboard.store.fields import (
    MAX_INT,
    AccountName,
    ActorName,
    Color,
    Count,
    FirmName,
    Id,
    JobAccess,
    JobName,
    Login,
    NameForClient,
    Notes,
    PersonName,
    PipelineName,
    Priority,
    Role,
    StageName,
    StatusDescription,
    StatusName,
    Tag,
    TemplateName,
    Via,
    utc_now,
)


class Model(BaseModel):
    """Base of every stored entity: unknown fields are an error, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Entity(Model):
    """A stored entity: one document of a firm file's table (one row on PostgreSQL), under its id."""

    id: Id


class DeletedStatus(Model):
    """A status template that was deleted: its name and colour, so history can still name it (R14)."""

    id: Id
    name: StatusName
    color: Color


SmtpSecurity = Literal["starttls", "tls", "none"]
HostName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=253, pattern=r"^[A-Za-z0-9.:_\[\]-]*$")]
PortalUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300, pattern=r"^(https?://[!-~]+)?$")]
SmtpUser = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[!-~]*$")]
FilePath = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1024, pattern=r"^[^\x00-\x1f]+$")]


class NotificationSettings(Model):
    """How the firm e-mails its clients about changes they can see (R20).

    The SMTP password is never here (the firm file is readable by all staff): it comes
    from the environment or from ``password_file``, a file only its owner may read."""

    enabled: StrictBool = False  # off in a new firm until the mail server is set
    quiet_seconds: Annotated[int, Field(ge=0, le=7 * 24 * 3600)] = 600
    smtp_host: HostName = ""
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 587
    smtp_user: SmtpUser = ""
    smtp_security: SmtpSecurity = "starttls"
    from_address: Email | None = None
    portal_url: PortalUrl = ""
    password_file: FilePath | None = None


class Firm(Model):
    """Settings of the firm file as a whole."""

    name: FirmName = "Our firm"
    demo: StrictBool = False  # "yes" is not a demo: a demo firm lets anyone act as anyone
    deleted_statuses: list[DeletedStatus] = []
    notifications: NotificationSettings = NotificationSettings()

    def deleted_status(self, status_id: int) -> DeletedStatus | None:
        return next((status for status in self.deleted_statuses if status.id == status_id), None)


class User(Entity):
    """A staff member; ``login`` is their OS login name (R13)."""

    login: Login
    name: PersonName
    role: Role
    job_access: JobAccess = "all"

    @model_validator(mode="after")
    def _only_employees_are_limited(self) -> User:
        if self.role != "employee" and self.job_access != "all":
            raise ValueError(f"job_access applies to employees only; a {self.role} always sees all jobs")
        return self


class WebAccess(Model):
    """A contact's way into the web portal (R19): only hashes, never a token or a password.

    ``generation`` is carried by every session cookie; revoking access or setting a new
    password bumps it, so every older session ends at its next request.
    """

    invite_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    invite_expires_at: datetime | None = None
    password_hash: Annotated[str, StringConstraints(min_length=1, max_length=512, pattern=r"^\$[ -~]+$")] | None = None
    generation: Count = 0


class Contact(Entity):
    """A client login; sees only the portal of the accounts it belongs to."""

    login: Login
    name: PersonName
    account_ids: list[Id] = Field(min_length=1)
    email: Email | None = None
    web_access: WebAccess = WebAccess()
    unsubscribed: StrictBool = False  # from the e-mails about their work (R20), by one click


class Account(Entity):
    """A client: a person or a company."""

    name: AccountName
    tags: list[Tag] = []

    @model_validator(mode="after")
    def _tags_are_a_set(self) -> Account:
        if len(set(self.tags)) != len(self.tags):
            raise ValueError("tags must not repeat")
        return self


TagMatch = Literal["all", "any", "none"]


class AccountHasTags(Model):
    """Automation condition: the job's account carries all, any or none of these tags (R4).

    ``match`` defaults to "all", what every condition meant before it existed, so a firm
    written without it loads unchanged.
    """

    kind: Literal["account_has_tags"] = "account_has_tags"
    match: TagMatch = "all"
    tags: list[Tag] = Field(min_length=1)


Condition = AccountHasTags


class UpdateClientStatus(Model):
    """Automation: show the job's client-facing status with ``status_id``, or hide it."""

    id: Id
    action: Literal["update_client_status"] = "update_client_status"
    visible: bool
    status_id: Id | None = None
    description: StatusDescription | None = None
    conditions: list[Condition] = []

    @model_validator(mode="after")
    def _show_needs_a_status(self) -> UpdateClientStatus:
        if self.visible and self.status_id is None:
            raise ValueError("an automation that shows the client status must name a status")
        if not self.visible and (self.status_id is not None or self.description is not None):
            raise ValueError("an automation that hides the client status takes no status or description")
        return self


Automation = UpdateClientStatus


class Stage(Model):
    id: Id
    name: StageName
    automations: list[Automation] = []


class Pipeline(Entity):
    name: PipelineName
    position: Count = 0
    stages: list[Stage] = Field(min_length=1)
    show_client_status_on_cards: bool = False
    confirm_automations_on_move: bool = False

    @model_validator(mode="after")
    def _stage_names_are_unique(self) -> Pipeline:
        names = [stage.name.casefold() for stage in self.stages]
        if len(set(names)) != len(names):
            raise ValueError("stage names must be unique within a pipeline")
        return self

    def stage(self, stage_id: int) -> Stage | None:
        return next((stage for stage in self.stages if stage.id == stage_id), None)


class StatusTemplate(Entity):
    """A client-facing status a job can show (Planned, In review, …)."""

    name: StatusName
    description: StatusDescription = ""
    color: Color
    position: Count
    notify_clients: StrictBool = True  # a job showing this status e-mails its client when it changes (R20)


class ClientStatusPreset(Model):
    """What a job template sets on the jobs made from it (R1)."""

    visible: bool = False
    status_id: Id | None = None
    name_for_client: NameForClient = ""
    description: StatusDescription = ""

    @model_validator(mode="after")
    def _visible_needs_a_status(self) -> ClientStatusPreset:
        if self.visible and self.status_id is None:
            raise ValueError("a visible preset must name a status")
        return self


class JobTemplate(Entity):
    name: TemplateName
    pipeline_id: Id
    stage_id: Id
    job_name: JobName
    assignees: list[Login] = []
    priority: Priority = "medium"
    client_status: ClientStatusPreset = ClientStatusPreset()


class ClientStatus(Model):
    """The part of a job its client may see, and who last changed it."""

    visible: bool = False
    name_for_client: NameForClient = ""
    status_id: Id | None = None
    description: StatusDescription = ""
    updated_at: datetime | None = None
    updated_by: ActorName | None = None
    via: Via | None = None

    @model_validator(mode="after")
    def _visible_needs_name_and_status(self) -> ClientStatus:
        if self.visible and not self.name_for_client:
            raise ValueError("name_for_client must have 1 to 120 characters when the status is shown")
        if self.visible and self.status_id is None:
            raise ValueError("a shown client status must name a status")
        return self


class Job(Entity):
    name: JobName
    account_id: Id
    pipeline_id: Id
    stage_id: Id
    assignees: list[Login] = []
    priority: Priority = "medium"
    start_date: date | None = None
    due_date: date | None = None
    notes: Notes = ""
    archived: bool = False
    deleted: bool = False
    version: Annotated[int, Field(ge=1, le=MAX_INT)] = 1
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    template_id: Id | None = None
    client_status: ClientStatus = ClientStatus()

    @model_validator(mode="after")
    def _due_after_start(self) -> Job:
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValueError("due_date must not be before start_date")
        return self

    @property
    def in_portal(self) -> bool:
        """True when the job's client sees it in Work in progress (R7, R8)."""
        return self.client_status.visible and not self.archived and not self.deleted


NotificationState = Literal["pending", "sent", "failed", "cancelled"]
OpId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{6,64}$")]
BatchId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16,64}$")]
ErrorText = Annotated[str, StringConstraints(max_length=300)]


class Notification(Entity):
    """One entry of the outbox (R20): the jobs one operation changed in a way one contact sees.

    Written in the same transaction as the change. The contact's pending entries are sent
    together as one e-mail after the quiet period; ``batch`` names that e-mail once it is
    claimed for sending, and its Message-ID is derived from it, so a retry repeats the same
    message. What the e-mail lists is read from the portal at send time: only ids are kept here.
    """

    contact_id: Id
    op: OpId
    job_ids: list[Id] = Field(min_length=1)
    queued_at: datetime
    state: NotificationState = "pending"
    batch: BatchId | None = None
    attempts: Count = 0
    first_try_at: datetime | None = None
    next_try_at: datetime | None = None
    sent_at: datetime | None = None
    error: ErrorText = ""
