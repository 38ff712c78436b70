-- Sets how many subscribers this node holds on a channel (absolute, so repeating it is harmless)
-- and refreshes the node's heartbeat.
-- KEYS[1] channel hash, KEYS[2] waiting hash, KEYS[3] this node's heartbeat key
-- ARGV[1] this node's member name, ARGV[2] the count, ARGV[3] heartbeat time to live in ms
-- Returns 0 when the channel does not exist (the count is ignored), else 1.
redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
else
  redis.call('HDEL', KEYS[2], ARGV[1])
end
return 1
