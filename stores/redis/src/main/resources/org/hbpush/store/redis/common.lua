-- hbpush redis store: helpers shared by every script. RedisScripts puts this file in front of
-- each script, so each one is a single self-contained EVAL and runs atomically inside Redis.
--
-- Layout (see README.md, "The redis store"); P is key_prefix, H the channel id in hex:
--   P channel:H    hash    created (ms), last (newest id "time-tag"), dropped (newest dropped id)
--   P messages:H   stream  one entry per stored message, id "time-tag"; fields type, body, expires (ms, 0 = never)
--   P waiting:H    hash    node member -> subscribers held on that node
--   P node:M       string  a node member's heartbeat; expires when the node stops refreshing it
--   P expiring     zset    H -> expiry (ms) of the channel's oldest stored message, when it expires
--   P events       pub/sub channel of the store's events
--
-- Numbers are formatted with %d: Lua's default would write 1.7e+12 for a time in milliseconds.

-- Redis's own clock, so that every node sharing the server gives ids from one clock.
local function now()
  local time = redis.call('TIME')
  local seconds = tonumber(time[1])
  return seconds, seconds * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function format_number(number)
  return string.format('%d', number)
end

-- "time-tag" -> time, tag
local function parse_id(text)
  local time, tag = string.match(text, '^(%d+)%-(%d+)$')
  return tonumber(time), tonumber(tag)
end

local function format_id(time, tag)
  return string.format('%d-%d', time, tag)
end

-- True when id a sorts before id b.
local function id_before(a, b)
  local a_time, a_tag = parse_id(a)
  local b_time, b_tag = parse_id(b)
  return a_time < b_time or (a_time == b_time and a_tag < b_tag)
end

-- The value of one field of a stream entry's field list {name, value, name, value, ...}.
local function field(fields, name)
  for index = 1, #fields, 2 do
    if fields[index] == name then
      return fields[index + 1]
    end
  end
  return nil
end

local function expires_at(entry)
  return tonumber(field(entry[2], 'expires') or '0')
end

local function expired(entry, now_ms)
  local expires = expires_at(entry)
  return expires > 0 and expires <= now_ms
end

-- Subscribers held on the channel, summed over the nodes whose heartbeat is alive. A node that
-- died stops refreshing its heartbeat key: once it expires, its count no longer counts and is
-- removed here.
local function waiting_count(waiting_key, node_prefix)
  local counts = redis.call('HGETALL', waiting_key)
  local total = 0
  for index = 1, #counts, 2 do
    if redis.call('EXISTS', node_prefix .. counts[index]) == 1 then
      total = total + tonumber(counts[index + 1])
    else
      redis.call('HDEL', waiting_key, counts[index])
    end
  end
  return total
end

-- Keeps the expiry index on the channel's oldest stored message: the sweep only visits channels
-- whose oldest message is due.
local function index_oldest(messages_key, expiring_key, member)
  local oldest = redis.call('XRANGE', messages_key, '-', '+', 'COUNT', 1)[1]
  local expires = oldest and expires_at(oldest) or 0
  if expires > 0 then
    redis.call('ZADD', expiring_key, format_number(expires), member)
  else
    redis.call('ZREM', expiring_key, member)
  end
end

-- Drops the expired messages at the head of the channel, as the memory store does: a message
-- kept longer shields the ones behind it until it expires (reads skip those, as a gap). Remembers
-- the newest dropped id, so a reader from before it is told of the gap.
local function drop_expired(channel_key, messages_key, expiring_key, member, now_ms)
  local newest_expired = nil
  local oldest_kept = nil
  local start = '-'
  while true do
    -- One entry at a time: entries carry their bodies, and usually only the first is looked at.
    local entry = redis.call('XRANGE', messages_key, start, '+', 'COUNT', 1)[1]
    if not entry then
      break
    end
    if not expired(entry, now_ms) then
      oldest_kept = entry
      break
    end
    newest_expired = entry[1]
    start = '(' .. entry[1]
  end
  if newest_expired then
    if oldest_kept then
      redis.call('XTRIM', messages_key, 'MINID', oldest_kept[1])
    else
      redis.call('DEL', messages_key)
    end
    redis.call('HSET', channel_key, 'dropped', newest_expired)
  end
  index_oldest(messages_key, expiring_key, member)
end

-- Drops expired messages only when the index says the oldest one is due: the usual case costs a ZSCORE.
local function drop_expired_if_due(channel_key, messages_key, expiring_key, member, now_ms)
  local due = redis.call('ZSCORE', expiring_key, member)
  if due and tonumber(due) <= now_ms then
    drop_expired(channel_key, messages_key, expiring_key, member, now_ms)
  end
end

-- The channel's information: {1, stored messages, waiting subscribers, newest id or ''}.
local function describe(channel_key, messages_key, waiting_key, node_prefix)
  return {1, redis.call('XLEN', messages_key), waiting_count(waiting_key, node_prefix),
          redis.call('HGET', channel_key, 'last') or ''}
end
