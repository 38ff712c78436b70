-- Stores one message under the channel's next id and announces it, in one atomic step.
-- KEYS[1] channel hash, KEYS[2] messages stream, KEYS[3] waiting hash, KEYS[4] expiring zset
-- ARGV[1] '1' to create a missing channel, ARGV[2] '1' to keep the message (store_messages),
-- ARGV[3] most messages kept (message_buffer_length), ARGV[4] message timeout in ms (0: none),
-- ARGV[5] content type, ARGV[6] body, ARGV[7] channel member (hex id), ARGV[8] node key prefix,
-- ARGV[9] events pub/sub channel, ARGV[10] this store instance's id (so it skips its own events)
-- Returns {0} when the channel is missing and not created, else
-- {1, id, previous id or '', stored messages, waiting subscribers}.
local channel_key, messages_key, waiting_key, expiring_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local create, keep, max_messages, timeout_ms = ARGV[1] == '1', ARGV[2] == '1', tonumber(ARGV[3]), tonumber(ARGV[4])
local content_type, body, member = ARGV[5], ARGV[6], ARGV[7]

local now_s, now_ms = now()
if redis.call('EXISTS', channel_key) == 0 then
  if not create then
    return {0}
  end
  redis.call('HSET', channel_key, 'created', format_number(now_ms))
end
drop_expired_if_due(channel_key, messages_key, expiring_key, member, now_ms)

-- PROTOCOL.md "Message ids": same second as the last id, next tag; a later second, tag 0; a
-- clock gone backwards keeps the last time. Read and written here, atomically: never twice the same.
local previous = redis.call('HGET', channel_key, 'last')
local time, tag = now_s, 0
if previous then
  local last_time, last_tag = parse_id(previous)
  if now_s <= last_time then
    time, tag = last_time, last_tag + 1
  end
end
local id = format_id(time, tag)
redis.call('HSET', channel_key, 'last', id)

if keep then
  local was_empty = redis.call('XLEN', messages_key) == 0
  local expires = 0
  if timeout_ms > 0 then
    expires = now_ms + timeout_ms
  end
  redis.call('XADD', messages_key, id, 'type', content_type, 'body', body, 'expires', format_number(expires))
  local excess = redis.call('XLEN', messages_key) - max_messages
  if excess > 0 then
    -- Remember the newest message pushed out, for gap detection, reading as few entries as possible.
    local dropped
    if excess <= max_messages + 1 then
      local oldest = redis.call('XRANGE', messages_key, '-', '+', 'COUNT', excess)
      dropped = oldest[#oldest][1]
    else
      local newest = redis.call('XREVRANGE', messages_key, '+', '-', 'COUNT', max_messages + 1)
      dropped = newest[#newest][1]
    end
    redis.call('XTRIM', messages_key, 'MAXLEN', max_messages)
    redis.call('HSET', channel_key, 'dropped', dropped)
  end
  if was_empty or excess > 0 then
    index_oldest(messages_key, expiring_key, member)
  end
end

-- The event carries the message, so held polls on every node are answered without a read:
-- "p <source> <member> <id> <previous id or none> <kept 1/0> <content type length>\n<content type><body>"
redis.call('PUBLISH', ARGV[9], 'p ' .. ARGV[10] .. ' ' .. member .. ' ' .. id .. ' ' .. (previous or 'none') .. ' '
    .. (keep and '1' or '0') .. ' ' .. format_number(#content_type) .. '\n' .. content_type .. body)

return {1, id, previous or '', redis.call('XLEN', messages_key), waiting_count(waiting_key, ARGV[8])}
