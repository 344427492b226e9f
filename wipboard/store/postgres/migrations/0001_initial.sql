-- Schema 1: entities with real columns for what is filtered, checked and joined on, JSONB for the rest.
-- Every row carries the generation that last wrote it; a removal leaves a row in "removed".
CREATE TABLE wipboard_meta (
    id smallint PRIMARY KEY CHECK (id = 1),
    schema_version integer NOT NULL,
    generation bigint NOT NULL CHECK (generation >= 0),
    audit_size bigint NOT NULL CHECK (audit_size >= 1),  -- the position the next audit entry gets
    next_ids jsonb NOT NULL
);
CREATE TABLE firm (
    id smallint PRIMARY KEY CHECK (id = 1),
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE TABLE users (
    id bigint PRIMARY KEY,
    login text NOT NULL,
    role text NOT NULL,
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX users_login ON users (login);
CREATE INDEX users_generation ON users (generation);
CREATE TABLE contacts (
    id bigint PRIMARY KEY,
    login text NOT NULL,
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX contacts_login ON contacts (login);
CREATE INDEX contacts_generation ON contacts (generation);
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX accounts_generation ON accounts (generation);
CREATE TABLE statuses (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    position bigint NOT NULL,
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX statuses_generation ON statuses (generation);
CREATE TABLE pipelines (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    position bigint NOT NULL,
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX pipelines_generation ON pipelines (generation);
CREATE TABLE job_templates (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    pipeline_id bigint NOT NULL REFERENCES pipelines (id) DEFERRABLE INITIALLY DEFERRED,
    stage_id bigint NOT NULL,
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX job_templates_generation ON job_templates (generation);
CREATE TABLE jobs (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED,
    pipeline_id bigint NOT NULL REFERENCES pipelines (id) DEFERRABLE INITIALLY DEFERRED,
    stage_id bigint NOT NULL,
    status_id bigint,
    visible boolean NOT NULL,
    archived boolean NOT NULL,
    deleted boolean NOT NULL,
    version bigint NOT NULL CHECK (version >= 1),
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX jobs_generation ON jobs (generation);
CREATE INDEX jobs_account ON jobs (account_id);
CREATE INDEX jobs_pipeline_stage ON jobs (pipeline_id, stage_id);
CREATE TABLE removed (
    tbl text NOT NULL,
    id bigint NOT NULL,
    generation bigint NOT NULL,
    PRIMARY KEY (tbl, id)
);
CREATE INDEX removed_generation ON removed (generation);
CREATE TABLE audit (
    position bigint PRIMARY KEY,
    login text NOT NULL,
    job_id bigint NOT NULL,
    op text NOT NULL,
    undoes text,
    version bigint,
    entry jsonb NOT NULL
);
CREATE INDEX audit_by_user ON audit (login, position);
CREATE INDEX audit_by_job ON audit (job_id, position);
CREATE INDEX audit_by_op ON audit (op);
