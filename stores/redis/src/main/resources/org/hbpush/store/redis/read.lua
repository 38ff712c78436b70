-- The first stored, unexpired message after an id (a subscriber's GET).
-- KEYS[1] channel hash, KEYS[2] messages stream
-- ARGV[1] the id asked after, "time-tag", or '' for none (the oldest stored message)
-- Returns {-1} when the channel does not exist, {0} when nothing newer is stored, else
-- {1, gap 1/0, id, content type, body}.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {-1}
end
local now_s, now_ms = now()
local after = ARGV[1]
local gap = false
local start = '-'
if after ~= '' then
  -- Retention pushed out messages after the reader's: whatever comes next, it missed some.
  local dropped = redis.call('HGET', KEYS[1], 'dropped')
  gap = dropped and id_before(after, dropped) or false
  start = '(' .. after
end
while true do
  local entry = redis.call('XRANGE', KEYS[2], start, '+', 'COUNT', 1)[1]
  if not entry then
    return {0}
  end
  if not expired(entry, now_ms) then
    return {1, gap and 1 or 0, entry[1], field(entry[2], 'type'), field(entry[2], 'body')}
  end
  -- Expired, not swept yet: never served, and the reader skipped it.
  gap = true
  start = '(' .. entry[1]
end
