-- Deletes the channel, its messages and its counts, and tells every node.
-- KEYS[1] channel hash, KEYS[2] messages stream, KEYS[3] waiting hash, KEYS[4] expiring zset
-- ARGV[1] channel member (hex id), ARGV[2] node key prefix, ARGV[3] events pub/sub channel,
-- ARGV[4] this store instance's id
-- Returns {0} when the channel did not exist, else its information from just before.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0}
end
local now_s, now_ms = now()
drop_expired_if_due(KEYS[1], KEYS[2], KEYS[4], ARGV[1], now_ms)
local before = describe(KEYS[1], KEYS[2], KEYS[3], ARGV[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
-- "d <source> <member>"
redis.call('PUBLISH', ARGV[3], 'd ' .. ARGV[4] .. ' ' .. ARGV[1])
return before
