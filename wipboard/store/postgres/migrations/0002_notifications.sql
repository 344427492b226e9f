-- The e-mail outbox (R20): one row per (contact, operation), written in the change's own transaction.
CREATE TABLE notifications (
    id bigint PRIMARY KEY,
    contact_id bigint NOT NULL,
    state text NOT NULL,
    doc jsonb NOT NULL,
    generation bigint NOT NULL
);
CREATE INDEX notifications_generation ON notifications (generation);
CREATE INDEX notifications_pending ON notifications (state, contact_id);
