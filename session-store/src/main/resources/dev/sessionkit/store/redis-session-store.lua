-- Sessionkit's Redis session store: ONE script, loaded once and called with EVALSHA, does each session operation in
-- one round trip: it applies due expiry, checks versions and limits BEFORE writing anything, writes, bumps the version
-- and renews. A script runs atomically in Redis, so operations on one session are linearizable across every host.
--
-- KEYS[1] is the namespace prefix "{ns}"; every key below starts with it, so all share one hash slot (legal on Redis
-- Cluster). ARGV[1] is the operation, ARGV[2] and ARGV[3] the caller's clock (epoch seconds, nanoseconds): the store
-- never reads Redis's clock, so hosts and tests agree on time. The rest of ARGV is per operation (see each one). The
-- layout is documented in docs/architecture.md ("Sessions on Redis").
--
-- Time: a Lua number is a double (exact to 2^53), epoch nanoseconds are ~1.8e18, so every instant and duration is a
-- pair (seconds, nanoseconds); a seconds part of -1 means "never" (no deadline, no TTL, no idle timeout).
--
-- A session is a hash. Field 'm' is its meta, MessagePack:
--   {version, createdS, createdN, renewedS, renewedN, ttlDeadlineS, ttlDeadlineN, idleS, idleN, ttlS, ttlN,
--    flags (1 extendOnGet, 2 extendOnSet, 4 DELETE_DATA), name ('' if none), token hash ('' for GLOBAL),
--    token (SHARED sessions only, so session.open can answer it; '' otherwise), bytes, next sequence number,
--    secret names (an array), parameter count, its end of life (seconds, nanoseconds; -1 for never, always for a
--    GLOBAL session; a session started without a signed-in user, flag 8, ends then whatever happens), and for a
--    GLOBAL session its read-only identity: the username and the roleId as JSON}
-- The identity is kept in the meta rather than as two parameter fields: that saves ~25 bytes of Redis memory per
-- GLOBAL session (two field names and sequence numbers). A GLOBAL session written by an earlier version keeps them
-- as the fields '=username' and '=roleId' (sequence 1 and 2) and is read as such.
-- The counters 'ab' and 'na' hold the bytes and the number of live anonymous sessions, which may use only a share of
-- the store (the limits come with the operations that grow them: put and start).
-- Each parameter is a field '=<name>' holding '<sequence>:<compact JSON>'; the sequence numbers keep the order names
-- were first stored. A session's bytes are the sum of #name + #json. An operation reads and writes only the fields it
-- names (reading all of them sorts by sequence), so its cost does not grow with the session's size.
-- Replies are arrays whose first element is 'OK' or an error code the Java side turns into the product error.

local P = KEYS[1]
local OP = ARGV[1]
local NOW_S, NOW_N = tonumber(ARGV[2]), tonumber(ARGV[3])
local COUNTERS = P .. ':c'
local APPS = P .. ':apps'
local SWEEP_BATCH = 200
local F = '=' -- the prefix of parameter fields

-- meta positions
local VERSION, REN_S, REN_N, TD_S, TD_N, IDLE_S, IDLE_N, TTL_S, TTL_N = 1, 4, 5, 6, 7, 8, 9, 10, 11
local FLAGS, NAME, HASH, TOKEN, BYTES, SEQ, SECRETS, COUNT = 12, 13, 14, 15, 16, 17, 18, 19
local EOL_S, EOL_N = 20, 21
local USER_JSON, ROLE_JSON = 22, 23 -- a GLOBAL session's identity; nil in the others
local ANONYMOUS = 8 -- the flag of a session started without a signed-in user
local IDENTITY = {'username', 'roleId'} -- the read-only names of a GLOBAL session, which clear keeps

-- Adds to a counter and answers its new value, or nil when n is 0 (nothing to write; Redis would also refuse '-0',
-- which Lua writes for a negative zero).
local function incr(field, n)
  if n == 0 then return nil end
  return redis.call('HINCRBY', COUNTERS, field, string.format('%d', n))
end

local function counter(field)
  return tonumber(redis.call('HGET', COUNTERS, field) or '0')
end

-- Whether this call created a GLOBAL session (on its user's first use): the reply's status then says so, for the
-- calling host's count of sessions started.
local createdGlobal = false

local function skey(app, id) return P .. ':s:' .. app .. ':' .. id end
local function ikey(app) return P .. ':i:' .. app end
local function nkey(app) return P .. ':n:' .. app end

-- Time ------------------------------------------------------------------------------------------------------------

local function add(s, n, ds, dn)
  if s < 0 or ds < 0 then return -1, 0 end
  s, n = s + ds, n + dn
  if n >= 1000000000 then return s + 1, n - 1000000000 end
  return s, n
end

local function earlier(as, an, bs, bn) -- whether a < b, where -1 is never
  if as < 0 then return false end
  if bs < 0 then return true end
  return as < bs or (as == bs and an < bn)
end

local function deadline(m)
  local s, n = add(m[REN_S], m[REN_N], m[IDLE_S], m[IDLE_N])
  if earlier(m[TD_S], m[TD_N], s, n) then return m[TD_S], m[TD_N] end
  return s, n
end

local function due(s, n) -- a deadline is due from its instant on
  return s >= 0 and not earlier(NOW_S, NOW_N, s, n)
end

local function flag(m, bit) return m[FLAGS] % (2 * bit) >= bit end

local function endOfLife(m) -- an anonymous session's end, whatever happens; -1 (never) for the others
  return m[EOL_S] or -1, m[EOL_N] or 0
end

-- When the session ends if nothing happens: its deadline, or its end of life when earlier.
local function finalDeadline(m)
  local s, n = deadline(m)
  local es, en = endOfLife(m)
  if earlier(es, en, s, n) then return es, en end
  return s, n
end

-- Parameters ------------------------------------------------------------------------------------------------------

local function split(stored) -- '<seq>:<json>' → seq, json
  local colon = string.find(stored, ':', 1, true)
  return tonumber(string.sub(stored, 1, colon - 1)), string.sub(stored, colon + 1)
end

local function setOf(list)
  local set = {}
  for _, v in ipairs(list) do set[v] = true end
  return set
end

local function listOf(set)
  local list = {}
  for v in pairs(set) do list[#list + 1] = v end
  table.sort(list)
  return list
end

-- Every parameter of a session, in the order first stored: {name1, json1, name2, json2, ...}.
local function all(s)
  local raw = s.created and {} or redis.call('HGETALL', s.k)
  local entries = {}
  if s.m[USER_JSON] then
    entries[1] = {1, 'username', s.m[USER_JSON]}
    entries[2] = {2, 'roleId', s.m[ROLE_JSON]}
  end
  for i = 1, #raw, 2 do
    local field = raw[i]
    if string.sub(field, 1, 1) == F then
      local seq, json = split(raw[i + 1])
      entries[#entries + 1] = {seq, string.sub(field, 2), json}
    end
  end
  table.sort(entries, function(a, b) return a[1] < b[1] end)
  local out = {}
  for _, e in ipairs(entries) do
    out[#out + 1] = e[2]
    out[#out + 1] = e[3]
  end
  return out
end

-- The stored forms ('<seq>:<json>' or false) of some names; a GLOBAL session's identity comes from its meta.
local function lookup(s, names)
  if #names == 0 then return {} end
  local out, fields, at = {}, {}, {}
  local identity = s.m[USER_JSON] and {username = '1:' .. s.m[USER_JSON], roleId = '2:' .. s.m[ROLE_JSON]} or {}
  for i, name in ipairs(names) do
    if identity[name] then
      out[i] = identity[name]
    elseif s.created then
      out[i] = false
    else
      fields[#fields + 1] = F .. name
      at[#fields] = i
    end
  end
  if #fields > 0 then
    for j, stored in ipairs(redis.call('HMGET', s.k, unpack(fields))) do out[at[j]] = stored end
  end
  return out
end

-- Sessions --------------------------------------------------------------------------------------------------------

-- Which live-session counter a session is in: 'ng' GLOBAL, 'ns' SHARED, 'nt' TOKEN ('n' counts them all).
local function scopeCounter(s)
  if string.sub(s.id, 1, 2) == 'g:' then return 'ng' end
  if s.m[NAME] ~= '' then return 'ns' end
  return 'nt'
end

-- The expiry counter of each live-session counter: 'xg' GLOBAL, 'xt' TOKEN, 'xs' SHARED.
local EXPIRED = {ng = 'xg', nt = 'xt', ns = 'xs'}

local function score(m)
  local s = finalDeadline(m)
  if s < 0 then return '+inf' end
  return s
end

-- A stored session, or nil. s.score is its score in the app's index as stored, so save() writes the index only when
-- the deadline moved to another second.
local function load(app, id)
  local k = skey(app, id)
  local m = redis.call('HGET', k, 'm')
  if not m then return nil end
  m = cmsgpack.unpack(m)
  return {app = app, id = id, k = k, m = m, score = score(m)}
end

-- Writes the meta, the index score when it changed, the byte counter and, for a session this call created, its
-- identity and the indexes that point at it. bytesDelta is the change of the session's bytes since it was loaded.
-- Returns the store's bytes after the change, or nil when they did not change.
local function save(s, bytesDelta)
  if s.created then
    local live = scopeCounter(s)
    incr('n', 1)
    incr(live, 1)
    if live == 'ng' then createdGlobal = true end
    if flag(s.m, ANONYMOUS) then incr('na', 1) end
    redis.call('SADD', APPS, s.app)
    s.created = false
  end
  redis.call('HSET', s.k, 'm', cmsgpack.pack(s.m))
  local newScore = score(s.m)
  if newScore ~= s.score then
    redis.call('ZADD', ikey(s.app), newScore, s.id)
    s.score = newScore
  end
  if flag(s.m, ANONYMOUS) then incr('ab', bytesDelta) end
  return incr('b', bytesDelta)
end

-- Removes a session and everything that points at it.
local function destroy(s)
  redis.call('DEL', s.k)
  redis.call('ZREM', ikey(s.app), s.id)
  incr('b', -s.m[BYTES])
  incr('n', -1)
  incr(scopeCounter(s), -1)
  if flag(s.m, ANONYMOUS) then
    incr('ab', -s.m[BYTES])
    incr('na', -1)
  end
  local name = s.m[NAME]
  if name ~= '' and redis.call('HGET', nkey(s.app), name) == s.id then
    redis.call('HDEL', nkey(s.app), name)
  end
  if redis.call('ZCARD', ikey(s.app)) == 0 then redis.call('SREM', APPS, s.app) end
end

-- Removes every parameter of a stored session (its meta stays). Returns the bytes released.
local function dropData(s)
  local released = s.m[BYTES]
  if s.m[COUNT] > 0 then
    local fields = {}
    for _, field in ipairs(redis.call('HKEYS', s.k)) do
      if field ~= 'm' then fields[#fields + 1] = field end
    end
    for i = 1, #fields, 1000 do
      redis.call('HDEL', s.k, unpack(fields, i, math.min(i + 999, #fields)))
    end
  end
  s.m[BYTES], s.m[COUNT], s.m[SECRETS] = 0, 0, {}
  s.m[USER_JSON], s.m[ROLE_JSON] = nil, nil
  return released
end

-- Removes every parameter of a GLOBAL session but its identity. Returns how many it removed and the bytes released.
local function dropAllButIdentity(s)
  local m = s.m
  local kept, keptBytes, keptSecrets, secrets = {}, 0, {}, setOf(m[SECRETS])
  for i, stored in ipairs(lookup(s, IDENTITY)) do
    if stored then
      local name = IDENTITY[i]
      local _, json = split(stored)
      kept[F .. name] = not m[USER_JSON] -- a field only in a session of an earlier version
      keptBytes = keptBytes + #name + #json
      if secrets[name] then keptSecrets[#keptSecrets + 1] = name end
    end
  end
  local fields = {}
  for _, field in ipairs(redis.call('HKEYS', s.k)) do
    if field ~= 'm' and not kept[field] then fields[#fields + 1] = field end
  end
  for i = 1, #fields, 1000 do
    redis.call('HDEL', s.k, unpack(fields, i, math.min(i + 999, #fields)))
  end
  local released = m[BYTES] - keptBytes
  table.sort(keptSecrets)
  m[BYTES], m[COUNT], m[SECRETS] = keptBytes, m[COUNT] - #fields, keptSecrets
  return #fields, released
end

-- The session as of now, with due expiry applied and written: a session past its end of life (anonymous) or a due
-- END_SESSION one is destroyed (nil); a due DELETE_DATA session loses its data (version + 1 if it had any) and its
-- period stops until the next write or touch.
local function settle(s)
  if s == nil then return nil end
  local m = s.m
  if due(endOfLife(m)) then
    incr(EXPIRED[scopeCounter(s)], 1)
    destroy(s)
    return nil
  end
  if not due(deadline(m)) then return s end
  incr(EXPIRED[scopeCounter(s)], 1)
  if flag(m, 4) then
    if m[COUNT] > 0 then m[VERSION] = m[VERSION] + 1 end
    local released = dropData(s)
    m[REN_S], m[REN_N], m[TD_S], m[TD_N] = -1, 0, -1, 0
    save(s, -released)
    return s
  end
  destroy(s)
  return nil
end

-- What Java turns into a SessionInfo.
local function info(s)
  local m = s.m
  local es, en = -1, 0
  if m[IDLE_S] >= 0 or m[TTL_S] >= 0 then es, en = deadline(m) end
  local ls, ln = endOfLife(m)
  if earlier(ls, ln, es, en) then es, en = ls, ln end
  return {s.id, m[NAME], m[VERSION], m[COUNT], m[BYTES], m[2], m[3], es, en, m[TTL_S], m[TTL_N], m[IDLE_S],
          m[IDLE_N], m[FLAGS], m[SECRETS]}
end

-- Sweeping --------------------------------------------------------------------------------------------------------

-- Settles up to `limit` sessions of one app whose deadline second has come. Returns how many it visited.
local function sweepApp(app, limit)
  local ids = redis.call('ZRANGEBYSCORE', ikey(app), '-inf', NOW_S, 'LIMIT', 0, limit)
  for _, id in ipairs(ids) do
    local s = load(app, id)
    if s == nil then redis.call('ZREM', ikey(app), id) else settle(s) end
  end
  if redis.call('ZCARD', ikey(app)) == 0 then redis.call('SREM', APPS, app) end
  return #ids
end

local function sweepAll(limit)
  local visited = 0
  for _, app in ipairs(redis.call('SMEMBERS', APPS)) do
    visited = visited + sweepApp(app, limit)
  end
  return visited
end

-- Refuses growth past the store's limit (this host's LOCAL bytes count too), after one sweep of expired sessions.
local function roomFor(needed, maxTotal, localBytes)
  if needed <= 0 then return nil end
  if counter('b') + localBytes + needed <= maxTotal then return nil end
  sweepAll(SWEEP_BATCH)
  local used = counter('b') + localBytes
  if used + needed <= maxTotal then return nil end
  return {'STORE_FULL', maxTotal, used, needed}
end

-- Refuses growth of an anonymous session past the anonymous sessions' share of the bytes, after one sweep.
local function anonymousRoomFor(needed, max)
  if needed <= 0 or counter('ab') + needed <= max then return nil end
  sweepAll(SWEEP_BATCH)
  local used = counter('ab')
  if used + needed <= max then return nil end
  return {'ANONYMOUS_SHARE_FULL', max, used, needed}
end

-- A write's refusal, or nil: past maxParameters when it adds names (count: the parameters after it), past the store's
-- bytes (the session's initial bytes, if this call creates it, count too: ARGV[12..13] of target), or, for an
-- anonymous session, past the anonymous sessions' share. delta: the change of the session's bytes.
local function refusedGrowth(s, added, count, delta, maxParameters, maxAnonymous)
  if added > 0 and count > maxParameters then return {'SESSION_FULL', maxParameters, count} end
  local full = roomFor(delta + s.initial, tonumber(ARGV[12]), tonumber(ARGV[13]))
  if full then return full end
  if flag(s.m, ANONYMOUS) then return anonymousRoomFor(delta, maxAnonymous) end
  return nil
end

-- Addressing ------------------------------------------------------------------------------------------------------

-- The live session a ref addresses, settled, or nil. kind: 'g' GLOBAL by user id (a), 't' TOKEN by public id (a)
-- and the token's full hash (b), which must match; 'n' SHARED by name (a).
local function find(app, kind, a, b)
  local id
  if kind == 'g' then
    id = 'g:' .. a
  elseif kind == 't' then
    id = 't:' .. a
  else
    id = redis.call('HGET', nkey(app), a)
    if not id then return nil end
  end
  local s = load(app, id)
  if s == nil then
    if kind == 'n' then redis.call('HDEL', nkey(app), a) end
    return nil
  end
  if kind == 't' and s.m[HASH] ~= b then return nil end
  return settle(s)
end

-- A new GLOBAL session holding the user's identity, not written yet: save() writes it, so an operation that fails
-- after this creates nothing. Returns the session, or nil and an error reply (its identity does not fit the store).
local function createGlobal(app, user, idleS, idleN, usernameJson, roleJson, maxTotal, localBytes)
  local b = #'username' + #usernameJson + #'roleId' + #roleJson
  local full = roomFor(b, maxTotal, localBytes)
  if full then return nil, full end
  return {app = app, id = 'g:' .. user, k = skey(app, 'g:' .. user), created = true, initial = b,
          m = {0, NOW_S, NOW_N, NOW_S, NOW_N, -1, 0, idleS, idleN, -1, 0, 3, '', '', '', b, 3, {}, 2, -1, 0,
               usernameJson, roleJson}}, nil
end

-- The session a data operation works on. ARGV[4..13], the addressing of every data operation: app, kind, a, b (see
-- find), for GLOBAL the ref's idle timeout (seconds, nanos) and the username and roleId as JSON (placeholders
-- otherwise), the store's byte limit and this host's LOCAL bytes. Returns the session, or nil and an error reply
-- ({'NOT_FOUND'} for a TOKEN or SHARED session), or nil and nil for an absent GLOBAL one when create is false.
-- A session created here has s.initial bytes not yet counted.
local function target(create)
  local app, kind, a, b = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
  local s = find(app, kind, a, b)
  if s ~= nil then
    s.initial = 0
    return s, nil
  end
  if kind ~= 'g' then return nil, {'NOT_FOUND'} end
  if not create then return nil, nil end
  return createGlobal(app, a, tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10], ARGV[11], tonumber(ARGV[12]),
      tonumber(ARGV[13]))
end

local function isGlobal(s) return string.sub(s.id, 1, 2) == 'g:' end

-- A write's renewal, as the embedded store's SessionRecord.written does: a new period when none runs, else a
-- renewal if the session extends on writes. GLOBAL sessions take the ref's idle timeout.
local function written(s, changed)
  local m = s.m
  if changed then m[VERSION] = m[VERSION] + 1 end
  if isGlobal(s) then m[IDLE_S], m[IDLE_N] = tonumber(ARGV[8]), tonumber(ARGV[9]) end
  if m[REN_S] < 0 then
    m[REN_S], m[REN_N] = NOW_S, NOW_N
    m[TD_S], m[TD_N] = add(NOW_S, NOW_N, m[TTL_S], m[TTL_N])
  elseif flag(m, 2) then
    m[REN_S], m[REN_N] = NOW_S, NOW_N
  end
end

-- JSON text, for update ------------------------------------------------------------------------------------------
-- Values are compact JSON written by Jackson (no whitespace; a string has one escaped form), so update works on the
-- text itself: scalars and object keys stay as written, containers are split one level at a time, and the result is
-- exactly the text Jackson writes for the value the embedded store computes (ParameterEdits, JsonValues). Lua's
-- cjson is not used: it turns numbers into doubles and forgets the order of object fields.

local LONG_MAX, LONG_MIN = '9223372036854775807', '9223372036854775808' -- magnitudes
local MAX_NUMBER = 1000 -- JsonNumbers.MAX_LENGTH: characters of a number in plain digits

local function stringEnd(s, i) -- s[i] is '"'; the index after the closing quote
  local j = i + 1
  while true do
    local k = string.find(s, '["\\]', j)
    if string.byte(s, k) == 34 then return k + 1 end
    j = k + 2
  end
end

local function valueEnd(s, i) -- the index after the value that starts at i
  local c = string.byte(s, i)
  if c == 34 then return stringEnd(s, i) end
  if c == 123 or c == 91 then
    local depth, j = 0, i
    while true do
      local k = string.find(s, '[%[%]{}"]', j)
      local b = string.byte(s, k)
      if b == 34 then
        j = stringEnd(s, k)
      else
        if b == 123 or b == 91 then depth = depth + 1 else depth = depth - 1 end
        j = k + 1
        if depth == 0 then return j end
      end
    end
  end
  return string.find(s, '[,%]}]', i) or #s + 1
end

local function elements(s) -- the elements of an array's text
  local out = {}
  if s == '[]' then return out end
  local i = 2
  while true do
    local j = valueEnd(s, i)
    out[#out + 1] = string.sub(s, i, j - 1)
    if string.byte(s, j) == 93 then return out end
    i = j + 1
  end
end

local function fields(s) -- the keys (quoted, as written) and values of an object's text
  local keys, values = {}, {}
  if s == '{}' then return keys, values end
  local i = 2
  while true do
    local k = stringEnd(s, i)
    keys[#keys + 1] = string.sub(s, i, k - 1)
    local j = valueEnd(s, k + 1)
    values[#values + 1] = string.sub(s, k + 1, j - 1)
    if string.byte(s, j) == 125 then return keys, values end
    i = j + 1
  end
end

local function object(keys, values)
  local parts = {}
  for i = 1, #keys do parts[i] = keys[i] .. ':' .. values[i] end
  return '{' .. table.concat(parts, ',') .. '}'
end

local function isObject(json) return string.byte(json, 1) == 123 end

local function strip(digits) -- without leading zeros; '0' for zero
  local d = string.gsub(digits, '^0+', '')
  if d == '' then return '0' end
  return d
end

-- A JSON number as (negative, digits, scale): (-1)^negative * digits / 10^scale with scale >= 0, the value of its
-- text (BigDecimal's); nil when written in plain digits it would be far longer than any number the host accepts.
local function decimal(text)
  local sign, int, frac, exp = string.match(text, '^(%-?)(%d+)%.?(%d*)[eE]?([-+]?%d*)$')
  local scale = #frac - (tonumber(exp) or 0)
  local digits = int .. frac
  if scale > 2 * MAX_NUMBER or -scale > 2 * MAX_NUMBER then return nil end
  if scale < 0 then
    digits = digits .. string.rep('0', -scale)
    scale = 0
  end
  digits = strip(digits)
  return sign == '-' and digits ~= '0', digits, scale
end

local function typeOf(json)
  local c = string.byte(json, 1)
  if c == 123 then return 'OBJECT' elseif c == 91 then return 'ARRAY' elseif c == 34 then return 'STRING'
  elseif c == 116 or c == 102 then return 'BOOLEAN' elseif c == 110 then return 'NULL' end
  local _, _, scale = decimal(json)
  if scale == 0 then return 'INTEGER' end
  return 'NUMBER'
end

-- The number in plain digits, as BigDecimal.toPlainString writes it.
local function plain(negative, digits, scale)
  digits = strip(digits)
  if #digits <= scale then digits = string.rep('0', scale + 1 - #digits) .. digits end
  local text = digits
  if scale > 0 then text = string.sub(digits, 1, #digits - scale) .. '.' .. string.sub(digits, -scale) end
  if negative and string.find(digits, '[1-9]') then text = '-' .. text end
  return text
end

local function compareDigits(a, b) -- of two magnitudes without leading zeros: -1, 0 or 1
  if #a ~= #b then return #a < #b and -1 or 1 end
  if a == b then return 0 end
  return a < b and -1 or 1
end

local function addDigits(a, b)
  local n = math.max(#a, #b)
  a, b = string.rep('0', n - #a) .. a, string.rep('0', n - #b) .. b
  local out, carry = {}, 0
  for i = n, 1, -1 do
    local d = string.byte(a, i) + string.byte(b, i) - 96 + carry
    if d >= 10 then d, carry = d - 10, 1 else carry = 0 end
    out[i] = d
  end
  return strip(carry .. table.concat(out))
end

local function subtractDigits(a, b) -- a >= b
  b = string.rep('0', #a - #b) .. b
  local out, borrow = {}, 0
  for i = #a, 1, -1 do
    local d = string.byte(a, i) - string.byte(b, i) - borrow
    if d < 0 then d, borrow = d + 10, 1 else borrow = 0 end
    out[i] = d
  end
  return strip(table.concat(out))
end

-- The exact sum of two decimals; its scale is the larger of theirs, as BigDecimal.add's.
local function addDecimals(an, ad, as, bn, bd, bs)
  local scale = math.max(as, bs)
  ad, bd = strip(ad .. string.rep('0', scale - as)), strip(bd .. string.rep('0', scale - bs))
  if an == bn then return an, addDigits(ad, bd), scale end
  local c = compareDigits(ad, bd)
  if c == 0 then return false, '0', scale end
  if c > 0 then return an, subtractDigits(ad, bd), scale end
  return bn, subtractDigits(bd, ad), scale
end

local function fitsLong(negative, digits)
  return compareDigits(strip(digits), negative and LONG_MIN or LONG_MAX) <= 0
end

-- A form of a value equal for values equal as JSON (JsonValues.same): numbers by value, object fields in any order.
local function canonical(json)
  local c = string.byte(json, 1)
  if c == 123 then
    local keys, values = fields(json)
    local parts = {}
    for i = 1, #keys do parts[i] = keys[i] .. ':' .. canonical(values[i]) end
    table.sort(parts)
    return '{' .. table.concat(parts, ',') .. '}'
  end
  if c == 91 then
    local parts = elements(json)
    for i = 1, #parts do parts[i] = canonical(parts[i]) end
    return '[' .. table.concat(parts, ',') .. ']'
  end
  if c == 34 or c == 116 or c == 102 or c == 110 then return json end
  local sign, int, frac, exp = string.match(json, '^(%-?)(%d+)%.?(%d*)[eE]?([-+]?%d*)$')
  local digits = strip(int .. frac)
  if digits == '0' then return '0' end
  local trimmed = string.gsub(digits, '0+$', '')
  return sign .. trimmed .. 'e' .. ((tonumber(exp) or 0) - #frac + #digits - #trimmed)
end

-- The edits of update, one per operation: (current JSON or nil, a, b) → the new JSON (nil: still absent), or nil
-- and a refusal {code, names of the path walked to the value of the wrong type, its type}. Ported from
-- ParameterEdits; append, increment and merge always count as a change, remove and unset only when the text changes.
local edits = {}

-- a: the items as a JSON array
function edits.append(current, a)
  if current == nil or current == '[]' then return a end
  if string.byte(current, 1) ~= 91 then return nil, {'WRONG_PARAMETER_TYPE', 0, typeOf(current)} end
  if a == '[]' then return current end
  return string.sub(current, 1, -2) .. ',' .. string.sub(a, 2)
end

-- a: the values to remove as a JSON array
function edits.remove(current, a)
  if current == nil then return nil end
  if string.byte(current, 1) ~= 91 then return nil, {'WRONG_PARAMETER_TYPE', 0, typeOf(current)} end
  local unwanted = {}
  for _, v in ipairs(elements(a)) do unwanted[canonical(v)] = true end
  local kept, removed = {}, false
  for _, e in ipairs(elements(current)) do
    if unwanted[canonical(e)] then removed = true else kept[#kept + 1] = e end
  end
  if not removed then return current end
  return '[' .. table.concat(kept, ',') .. ']'
end

-- a: the amount in plain digits, b: 'i' (INTEGER) or 'n' (NUMBER)
function edits.increment(current, a, b)
  local text = current or '0'
  local c = string.byte(text, 1)
  if c ~= 45 and (c < 48 or c > 57) then return nil, {'WRONG_PARAMETER_TYPE', 0, typeOf(text)} end
  local n, d, scale = decimal(text)
  if d == nil then return nil, {'NUMBER_TOO_LONG'} end
  if b == 'i' then
    if scale > 0 then return nil, {'WRONG_PARAMETER_TYPE', 0, 'NUMBER'} end
    if not fitsLong(n, d) then return nil, {'INTEGER_OVERFLOW'} end
  end
  local an, ad, as = decimal(a)
  n, d, scale = addDecimals(n, d, scale, an, ad, as)
  if b == 'i' and not fitsLong(n, d) then return nil, {'INTEGER_OVERFLOW'} end
  local sum = plain(n, d, scale)
  if #sum > MAX_NUMBER then return nil, {'NUMBER_TOO_LONG'} end
  return sum
end

-- Sets the fields of given in target (object texts), merging objects under one field deeply.
local function mergeInto(target, given)
  local keys, values = fields(target)
  local at = {}
  for i, k in ipairs(keys) do at[k] = i end
  local gkeys, gvalues = fields(given)
  for j, k in ipairs(gkeys) do
    local i, v = at[k], gvalues[j]
    if i == nil then
      keys[#keys + 1], values[#values + 1] = k, v
      at[k] = #keys
    elseif isObject(values[i]) and isObject(v) then
      values[i] = mergeInto(values[i], v)
    else
      values[i] = v
    end
  end
  return object(keys, values)
end

-- Merges into the object at path[at..] below target (nil: absent, starts as {}).
local function mergeAt(target, path, at, given)
  target = target or '{}'
  if at > #path then return mergeInto(target, given) end
  local keys, values = fields(target)
  for i, k in ipairs(keys) do
    if k == path[at] then
      if not isObject(values[i]) then return nil, {'WRONG_PARAMETER_TYPE', at, typeOf(values[i])} end
      local merged, refusal = mergeAt(values[i], path, at + 1, given)
      if merged == nil then return nil, refusal end
      values[i] = merged
      return object(keys, values)
    end
  end
  keys[#keys + 1], values[#values + 1] = path[at], mergeAt(nil, path, at + 1, given)
  return object(keys, values)
end

-- a: the object to merge, b: the path as a JSON array of names
function edits.merge(current, a, b)
  if current ~= nil and not isObject(current) then return nil, {'WRONG_PARAMETER_TYPE', 0, typeOf(current)} end
  return mergeAt(current, elements(b), 1, a)
end

-- The object text without the field at path[at..], or the same text when it has none.
local function unsetAt(target, path, at)
  local keys, values = fields(target)
  for i, k in ipairs(keys) do
    if k == path[at] then
      if at == #path then
        table.remove(keys, i)
        table.remove(values, i)
        return object(keys, values)
      end
      if not isObject(values[i]) then return nil, {'WRONG_PARAMETER_TYPE', at, typeOf(values[i])} end
      local inner, refusal = unsetAt(values[i], path, at + 1)
      if inner == nil then return nil, refusal end
      if inner == values[i] then return target end
      values[i] = inner
      return object(keys, values)
    end
  end
  return target
end

-- b: the path as a JSON array of names
function edits.unset(current, _, b)
  if current == nil then return nil end
  if not isObject(current) then return nil, {'WRONG_PARAMETER_TYPE', 0, typeOf(current)} end
  return unsetAt(current, elements(b), 1)
end

-- Operations ------------------------------------------------------------------------------------------------------
-- Data operations take the addressing of target() in ARGV[4..13]; their own arguments follow from ARGV[14].

local ops = {}

-- start: ARGV[4] app, [5] public id, [6] token hash, [7] token to keep (SHARED) or '', [8] name or '',
-- [9..12] ttl s/n, idle s/n, [13] flags, [14] maxSessions, [15] the most anonymous sessions, [16..17] an anonymous
-- session's lifetime s/n → {'OK', info}
function ops.start()
  local app, pub, hash, token, name = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
  local max = tonumber(ARGV[14])
  if counter('n') >= max then
    sweepAll(SWEEP_BATCH)
    if counter('n') >= max then return {'TOO_MANY_SESSIONS', max} end
  end
  local anonymous = tonumber(ARGV[13]) % (2 * ANONYMOUS) >= ANONYMOUS
  if anonymous then
    local maxAnonymous = tonumber(ARGV[15])
    if counter('na') >= maxAnonymous then
      sweepAll(SWEEP_BATCH)
      if counter('na') >= maxAnonymous then return {'TOO_MANY_ANONYMOUS_SESSIONS', maxAnonymous} end
    end
  end
  local id = 't:' .. pub
  if redis.call('EXISTS', skey(app, id)) == 1 then return {'COLLISION'} end
  if name ~= '' then
    if find(app, 'n', name, nil) ~= nil then return {'NAME_TAKEN'} end
    redis.call('HSET', nkey(app), name, id)
  end
  local ttlS, ttlN, idleS, idleN = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
  local tdS, tdN = add(NOW_S, NOW_N, ttlS, ttlN)
  local s = {app = app, id = id, k = skey(app, id), created = true,
             m = {0, NOW_S, NOW_N, NOW_S, NOW_N, tdS, tdN, idleS, idleN, ttlS, ttlN, tonumber(ARGV[13]), name, hash,
                  token, 0, 1, {}, 0}}
  if anonymous then
    s.m[EOL_S], s.m[EOL_N] = add(NOW_S, NOW_N, tonumber(ARGV[16]), tonumber(ARGV[17]))
  end
  save(s, 0)
  return {'OK', info(s)}
end

-- open: ARGV[4] app, [5] name → {'OK', info, token} of a live SHARED session
function ops.open()
  local s = find(ARGV[4], 'n', ARGV[5], nil)
  if s == nil then return {'NOT_FOUND'} end
  return {'OK', info(s), s.m[TOKEN]}
end

-- info: addressing → {'OK', info}, or {'OK'} alone when the session does not exist (exists uses it too)
function ops.info()
  local s = find(ARGV[4], ARGV[5], ARGV[6], ARGV[7])
  if s == nil then return {'OK'} end
  return {'OK', info(s)}
end

-- get: addressing, [14] '1' for all names, then the names → {'OK', store bytes or -1 when unchanged, version,
-- secret names among those answered, name1, json1, ...}
function ops.get()
  local s, err = target(true)
  if err then return err end
  local m = s.m
  local changed = s.created
  if flag(m, 1) and m[REN_S] >= 0 then
    m[REN_S], m[REN_N] = NOW_S, NOW_N
    changed = true
  end
  local out = {'OK', -1, m[VERSION], {}}
  if ARGV[14] == '1' then
    for _, v in ipairs(all(s)) do out[#out + 1] = v end
  else
    local names = {}
    for j = 15, #ARGV do names[#names + 1] = ARGV[j] end
    local stored = lookup(s, names)
    for i, name in ipairs(names) do
      if stored[i] then
        local _, json = split(stored[i])
        out[#out + 1] = name
        out[#out + 1] = json
      end
    end
  end
  if changed then out[2] = save(s, s.initial) or -1 end
  if #m[SECRETS] > 0 then
    local secret = setOf(m[SECRETS])
    for i = 5, #out, 2 do
      if secret[out[i]] then out[4][#out[4] + 1] = out[i] end
    end
  end
  return out
end

-- put: addressing, [14] onlyIfAbsent '1'/'0', [15] expected version or '', [16] maxParameters, [17] the bytes
-- anonymous sessions may hold, then triplets name, json, secret ('1'/'0') → {'OK', version, store bytes, kept
-- names...}
function ops.put()
  local s, err = target(true)
  if err then return err end
  local m = s.m
  local expected = ARGV[15]
  if expected ~= '' and tonumber(expected) ~= m[VERSION] then
    return {'VERSION_CONFLICT', tonumber(expected), m[VERSION]}
  end
  local onlyIfAbsent = ARGV[14] == '1'
  local names, jsons, secret = {}, {}, {}
  for j = 18, #ARGV, 3 do
    names[#names + 1] = ARGV[j]
    jsons[#jsons + 1] = ARGV[j + 1]
    secret[#secret + 1] = ARGV[j + 2] == '1'
  end
  local stored = lookup(s, names)
  local kept, writes, added, delta, seq = {}, {}, 0, 0, m[SEQ]
  local seen = {}
  for i, name in ipairs(names) do
    local old = stored[i]
    if old and onlyIfAbsent then
      kept[#kept + 1] = name
    else
      local oldSeq, oldJson
      if old then oldSeq, oldJson = split(old) end
      if seen[name] then oldSeq, oldJson = seen[name][1], seen[name][2] end
      if oldSeq == nil then
        oldSeq = seq
        seq = seq + 1
        added = added + 1
        delta = delta + #name + #jsons[i]
      else
        delta = delta + #jsons[i] - #oldJson
      end
      seen[name] = {oldSeq, jsons[i]}
      writes[#writes + 1] = {name, oldSeq .. ':' .. jsons[i], secret[i]}
    end
  end
  local count = m[COUNT] + added
  local refused = refusedGrowth(s, added, count, delta, tonumber(ARGV[16]), tonumber(ARGV[17]))
  if refused then return refused end
  if #writes > 0 then
    local args, secrets = {}, setOf(m[SECRETS])
    for _, w in ipairs(writes) do
      args[#args + 1] = F .. w[1]
      args[#args + 1] = w[2]
      secrets[w[1]] = w[3] or nil
    end
    redis.call('HSET', s.k, unpack(args))
    m[SECRETS] = listOf(secrets)
    m[COUNT], m[BYTES], m[SEQ] = count, m[BYTES] + delta, seq
  end
  written(s, #writes > 0)
  local total = save(s, delta + s.initial) or counter('b')
  local out = {'OK', m[VERSION], total}
  for _, name in ipairs(kept) do out[#out + 1] = name end
  return out
end

-- update: addressing, [14] expected version or '', [15] maxParameters, [16] the bytes anonymous sessions may hold,
-- [17] maxValueBytes, then four arguments per operation: its name ('append', 'remove', 'increment', 'merge',
-- 'unset'), the parameter, and its two arguments (see edits) → {'OK', version, store bytes, name1, json1, ...} with
-- the value of each parameter named, in the order first named (absent ones left out); or a refusal:
-- {'WRONG_PARAMETER_TYPE', operation index (from 0), names of the path walked, type found}, {'INTEGER_OVERFLOW',
-- index}, {'NUMBER_TOO_LONG', index}, {'VALUE_TOO_LARGE', parameter, bytes, limit} and those of put.
-- The operations apply in order, each to the result of the ones before, and nothing is written unless all succeed.
function ops.update()
  local s, err = target(true)
  if err then return err end
  local m = s.m
  local expected = ARGV[14]
  if expected ~= '' and tonumber(expected) ~= m[VERSION] then
    return {'VERSION_CONFLICT', tonumber(expected), m[VERSION]}
  end
  local names, index = {}, {}
  for j = 18, #ARGV, 4 do
    local name = ARGV[j + 1]
    if not index[name] then
      names[#names + 1] = name
      index[name] = #names
    end
  end
  local stored = lookup(s, names)
  local seqs, olds, values, changed = {}, {}, {}, {}
  for i = 1, #names do
    if stored[i] then
      seqs[i], olds[i] = split(stored[i])
      values[i] = olds[i]
    end
  end
  for j = 18, #ARGV, 4 do
    local op, i = ARGV[j], index[ARGV[j + 1]]
    local before = values[i]
    local after, refusal = edits[op](before, ARGV[j + 2], ARGV[j + 3])
    if refusal then
      local out = {refusal[1], (j - 18) / 4}
      for r = 2, #refusal do out[#out + 1] = refusal[r] end
      return out
    end
    if after ~= before or op == 'append' or op == 'increment' or op == 'merge' then changed[i] = true end
    values[i] = after
  end
  local maxValue = tonumber(ARGV[17])
  local writes, added, delta, seq = {}, 0, 0, m[SEQ]
  for i, name in ipairs(names) do
    if changed[i] then
      local json = values[i]
      if #json > maxValue then return {'VALUE_TOO_LARGE', name, #json, maxValue} end
      if olds[i] then
        delta = delta + #json - #olds[i]
      else
        seqs[i] = seq
        seq = seq + 1
        added = added + 1
        delta = delta + #name + #json
      end
      writes[#writes + 1] = F .. name
      writes[#writes + 1] = seqs[i] .. ':' .. json
    end
  end
  local count = m[COUNT] + added
  local refused = refusedGrowth(s, added, count, delta, tonumber(ARGV[15]), tonumber(ARGV[16]))
  if refused then return refused end
  if #writes > 0 then
    redis.call('HSET', s.k, unpack(writes))
    m[COUNT], m[BYTES], m[SEQ] = count, m[BYTES] + delta, seq
  end
  written(s, #writes > 0)
  local total = save(s, delta + s.initial) or counter('b')
  local out = {'OK', m[VERSION], total}
  for i, name in ipairs(names) do
    if values[i] then
      out[#out + 1] = name
      out[#out + 1] = values[i]
    end
  end
  return out
end

-- delete: addressing, [14] '1' to clear all, then the names → {'OK', removed count}
function ops.delete()
  local s, err = target(false)
  if err then return err end
  if s == nil then return {'OK', 0} end
  local m, removed, released = s.m, 0, 0
  if ARGV[14] == '1' and isGlobal(s) then
    removed, released = dropAllButIdentity(s)
  elseif ARGV[14] == '1' then
    removed = m[COUNT]
    released = dropData(s)
  else
    local names, unique = {}, {}
    for j = 15, #ARGV do
      if not unique[ARGV[j]] then
        unique[ARGV[j]] = true
        names[#names + 1] = ARGV[j]
      end
    end
    local stored = lookup(s, names)
    local fields, secrets = {}, setOf(m[SECRETS])
    for i, name in ipairs(names) do
      if stored[i] then
        local _, json = split(stored[i])
        fields[#fields + 1] = F .. name
        released = released + #name + #json
        secrets[name] = nil
      end
    end
    removed = #fields
    if removed > 0 then
      redis.call('HDEL', s.k, unpack(fields))
      m[COUNT], m[BYTES], m[SECRETS] = m[COUNT] - removed, m[BYTES] - released, listOf(secrets)
    end
  end
  written(s, removed > 0)
  save(s, -released)
  return {'OK', removed}
end

-- end: the session a ref addresses → {'OK', 1, its live counter ('ng', 'nt' or 'ns': its scope)} or {'OK', 0}
ops['end'] = function()
  local s = find(ARGV[4], ARGV[5], ARGV[6], ARGV[7])
  if s == nil then return {'OK', 0} end
  local scope = scopeCounter(s)
  destroy(s)
  return {'OK', 1, scope}
end

-- touch: addressing → {'OK', info}
function ops.touch()
  local s, err = target(true)
  if err then return err end
  local m = s.m
  if isGlobal(s) then m[IDLE_S], m[IDLE_N] = tonumber(ARGV[8]), tonumber(ARGV[9]) end
  m[REN_S], m[REN_N] = NOW_S, NOW_N
  m[TD_S], m[TD_N] = add(NOW_S, NOW_N, m[TTL_S], m[TTL_N])
  save(s, s.initial)
  return {'OK', info(s)}
end

-- enduser: ARGV[4] user id → {'OK', ended}. A user's GLOBAL session in an app has a known key, so this looks in
-- each app that has sessions: no per-user index is kept (a set per signed-in user cost ~200 bytes of Redis memory per
-- GLOBAL session, a third of its footprint; the number of apps is small).
function ops.enduser()
  local user, ended = ARGV[4], 0
  for _, app in ipairs(redis.call('SMEMBERS', APPS)) do
    local s = settle(load(app, 'g:' .. user))
    if s ~= nil then
      destroy(s)
      ended = ended + 1
    end
  end
  return {'OK', ended}
end

-- endapp: ARGV[4] app, [5] batch → {'OK', GLOBAL, TOKEN and SHARED sessions ended, 1 when more remain}
function ops.endapp()
  local app, batch, ended = ARGV[4], tonumber(ARGV[5]), {ng = 0, nt = 0, ns = 0}
  for _, id in ipairs(redis.call('ZRANGE', ikey(app), 0, batch - 1)) do
    local s = settle(load(app, id))
    if s == nil then
      redis.call('ZREM', ikey(app), id)
    else
      local scope = scopeCounter(s)
      destroy(s)
      ended[scope] = ended[scope] + 1
    end
  end
  local more = redis.call('ZCARD', ikey(app)) > 0 and 1 or 0
  if more == 0 then
    redis.call('DEL', nkey(app))
    redis.call('SREM', APPS, app)
  end
  return {'OK', ended.ng, ended.nt, ended.ns, more}
end

-- ids: ARGV[4] app → {'OK', session ids...}: the app's index, which infos then reads
function ops.ids()
  local out = {'OK'}
  for _, id in ipairs(redis.call('ZRANGE', ikey(ARGV[4]), 0, -1)) do out[#out + 1] = id end
  return out
end

-- infos: ARGV[4] app, then session ids → {'OK', info or 0 per id}
function ops.infos()
  local app, out = ARGV[4], {'OK'}
  for j = 5, #ARGV do
    local s = settle(load(app, ARGV[j]))
    out[#out + 1] = s == nil and 0 or info(s)
  end
  return out
end

-- inspect: ARGV[4] app, [5] session id → {'OK', info, name1, json1, ...} or {'OK'}
function ops.inspect()
  local s = settle(load(ARGV[4], ARGV[5]))
  if s == nil then return {'OK'} end
  local out = {'OK', info(s)}
  for _, v in ipairs(all(s)) do out[#out + 1] = v end
  return out
end

-- endid: ARGV[4] app, [5] session id → {'OK', 1, its live counter ('ng', 'nt' or 'ns': its scope)} or {'OK', 0}
function ops.endid()
  local s = settle(load(ARGV[4], ARGV[5]))
  if s == nil then return {'OK', 0} end
  local scope = scopeCounter(s)
  destroy(s)
  return {'OK', 1, scope}
end

-- sweep: ARGV[4] batch → {'OK', visited, store bytes}
function ops.sweep()
  local visited = sweepAll(tonumber(ARGV[4]))
  return {'OK', visited, counter('b')}
end

-- usage: → {'OK', store bytes, live sessions, live GLOBAL, TOKEN, SHARED, expirations so far of GLOBAL, TOKEN,
-- SHARED, anonymous bytes, anonymous sessions}
function ops.usage()
  return {'OK', counter('b'), counter('n'), counter('ng'), counter('nt'), counter('ns'), counter('xg'), counter('xt'),
          counter('xs'), counter('ab'), counter('na')}
end

local run = ops[OP]
if run == nil then return redis.error_reply('unknown session store operation ' .. tostring(OP)) end
local reply = run()
if createdGlobal and type(reply) == 'table' and reply[1] == 'OK' then reply[1] = 'OK_CREATED_GLOBAL' end
return reply
