-- wrk script: the three-session-step flow of bench/flow-load.sh through its REST trigger. TOKENS (from the
-- environment) holds the JWTs of the bench users, comma-separated; requests take them in turn, so each connection's
-- requests spread over several users' GLOBAL sessions as real traffic does.
local tokens = {}
for token in string.gmatch(os.getenv("TOKENS"), "[^,]+") do
  tokens[#tokens + 1] = token
end
local next_token = 0
local body = '{"sku":"sku-42","quantity":3}'

request = function()
  next_token = next_token % #tokens + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[next_token]
  }, body)
end
