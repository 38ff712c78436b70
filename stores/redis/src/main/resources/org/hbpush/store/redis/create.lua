-- Creates the channel when missing (PUT); does nothing to an existing one.
-- KEYS[1] channel hash, KEYS[2] messages stream, KEYS[3] waiting hash, KEYS[4] expiring zset
-- ARGV[1] channel member (hex id), ARGV[2] node key prefix
-- Returns the channel's information (see describe).
local now_s, now_ms = now()
if redis.call('HSETNX', KEYS[1], 'created', format_number(now_ms)) == 0 then
  drop_expired_if_due(KEYS[1], KEYS[2], KEYS[4], ARGV[1], now_ms)
end
return describe(KEYS[1], KEYS[2], KEYS[3], ARGV[2])
