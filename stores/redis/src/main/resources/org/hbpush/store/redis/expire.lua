-- Drops the expired messages of the channels whose oldest message is due, without a request
-- touching them; every node runs it every second (it is idempotent).
-- KEYS[1] expiring zset
-- ARGV[1] key prefix, ARGV[2] most channels to visit in one run
-- Returns the number of channels visited: the caller runs it again at once when it is ARGV[2].
local now_s, now_ms = now()
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', format_number(now_ms), 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  local channel_key = ARGV[1] .. 'channel:' .. member
  if redis.call('EXISTS', channel_key) == 0 then
    redis.call('ZREM', KEYS[1], member)
  else
    drop_expired(channel_key, ARGV[1] .. 'messages:' .. member, KEYS[1], member, now_ms)
  end
end
return #due
