-- wrk script: GLOBAL session.get-parameters with a JWT (TOKEN comes from the environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"inputs":{"scope":"GLOBAL","parameters":[{"name":"cartId"},{"name":"itemCount"},{"name":"lastSeen"}]}}'
