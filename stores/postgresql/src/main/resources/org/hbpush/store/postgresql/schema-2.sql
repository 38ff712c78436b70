-- Schema version 2: a channel counts its messages, so a post and a channel's information no longer
-- count the messages table (which grew with message_buffer_length). hbpushd runs this file after
-- schema-1.sql, in the same transaction and under the same lock, on new and on existing tables.

-- Every message row of the channel, expired or not: posts, trims, the expiry sweeper and deletes
-- keep it under the channel's row lock.
ALTER TABLE ${prefix}channels ADD COLUMN IF NOT EXISTS message_count bigint NOT NULL DEFAULT 0;

-- Counts the rows of version 1 tables; a no-op on new ones.
UPDATE ${prefix}channels c SET message_count = (SELECT count(*) FROM ${prefix}messages m WHERE m.channel_id = c.id);

-- A channel's expired messages that the sweeper has not deleted yet, which its count leaves out.
CREATE INDEX IF NOT EXISTS ${prefix}messages_channel_expires_at
    ON ${prefix}messages (channel_id, expires_at) WHERE expires_at IS NOT NULL;

INSERT INTO ${prefix}schema_version (version) VALUES (2) ON CONFLICT (version) DO NOTHING;
