-- The postgresql store's tables, schema version 1. ${prefix} stands for the table_prefix option
-- (hbpush_ by default). hbpushd runs this file when the version table does not record version 1,
-- inside one transaction holding an advisory lock, so nodes starting together do not race.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
    version    integer     PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per channel. The id of its newest message lives here, not only in the messages, since
-- retention may have dropped them all; a post locks this row to give the next id.
-- dropped_* is the newest message that retention dropped, which tells a reader it missed some.
CREATE TABLE IF NOT EXISTS ${prefix}channels (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel      bytea       NOT NULL UNIQUE,
    last_time    bigint      NOT NULL DEFAULT 0,
    last_tag     bigint      NOT NULL DEFAULT -1,
    dropped_time bigint      NOT NULL DEFAULT 0,
    dropped_tag  bigint      NOT NULL DEFAULT -1,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A message's id is (id_time, id_tag): Last-Modified in seconds and Etag.
CREATE TABLE IF NOT EXISTS ${prefix}messages (
    channel_id   bigint      NOT NULL REFERENCES ${prefix}channels (id) ON DELETE CASCADE,
    id_time      bigint      NOT NULL,
    id_tag       bigint      NOT NULL,
    content_type text        NOT NULL,
    body         bytea       NOT NULL,
    expires_at   timestamptz,
    PRIMARY KEY (channel_id, id_time, id_tag)
);

CREATE INDEX IF NOT EXISTS ${prefix}messages_expires_at
    ON ${prefix}messages (expires_at) WHERE expires_at IS NOT NULL;

-- Each hbpushd node's last heartbeat: the waiting subscribers of a node count while it is recent.
CREATE TABLE IF NOT EXISTS ${prefix}nodes (
    node_id      text        PRIMARY KEY,
    heartbeat_at timestamptz NOT NULL
);

-- Long polls held per channel and node; a channel's count is the sum over live nodes.
CREATE TABLE IF NOT EXISTS ${prefix}waiting_subscribers (
    channel_id  bigint NOT NULL REFERENCES ${prefix}channels (id) ON DELETE CASCADE,
    node_id     text   NOT NULL,
    subscribers bigint NOT NULL CHECK (subscribers >= 0),
    PRIMARY KEY (channel_id, node_id)
);

-- Events too large for a NOTIFY payload (8000 bytes): the NOTIFY names the row; kept a minute.
CREATE TABLE IF NOT EXISTS ${prefix}relayed_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO ${prefix}schema_version (version) VALUES (1) ON CONFLICT (version) DO NOTHING;
