-- wrk script: GLOBAL session.set-parameters (two values) with a JWT; TOKENS (from the environment) holds the JWTs of
-- the bench users, comma-separated, taken in turn as in bench/flow-three-steps.lua, so every request writes (and, with
-- persistence, logs) one of several users' GLOBAL sessions. The requests are built once per user.
local body = '{"inputs":{"scope":"GLOBAL","parameters":[{"name":"cartId","dataType":"STRING","value":"cart-42"},'
  .. '{"name":"itemCount","dataType":"INTEGER","value":3}]}}'
local requests = {}
local next_request = 0

init = function(args)
  for token in string.gmatch(os.getenv("TOKENS"), "[^,]+") do
    requests[#requests + 1] = wrk.format("POST", nil, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token
    }, body)
  end
end

request = function()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
