-- The channel's information (GET on a publisher location).
-- KEYS[1] channel hash, KEYS[2] messages stream, KEYS[3] waiting hash, KEYS[4] expiring zset
-- ARGV[1] channel member (hex id), ARGV[2] node key prefix
-- Returns {0} when the channel does not exist, else its information (see describe).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0}
end
local now_s, now_ms = now()
drop_expired_if_due(KEYS[1], KEYS[2], KEYS[4], ARGV[1], now_ms)
return describe(KEYS[1], KEYS[2], KEYS[3], ARGV[2])
