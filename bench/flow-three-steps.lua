-- wrk script: the three-session-step flow of bench/flow-load.sh through its REST trigger. TOKENS (from the
-- environment) holds the JWTs of the bench users, comma-separated; requests take them in turn, so each connection's
-- requests spread over several users' GLOBAL sessions as real traffic does.
--
-- The requests are built once, one per user, and handed out in turn: wrk calls request() for every request, and
-- building it there with wrk.format cost the load generator about half again its CPU per request, which on a
-- machine where wrk and the host share the cores was taken from the host being measured.
-- BODY (from the environment, optional) replaces the flow's body, so bench/persistence-load.sh sends
-- session.set-parameters the same way.
local body = os.getenv("BODY") or '{"sku":"sku-42","quantity":3}'
local requests = {}
local next_request = 0

-- Runs in each wrk thread once the URL is known (wrk.format's nil path is the URL's path from here on).
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
