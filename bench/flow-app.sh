# Sourced by the flow bench scripts: flow_app BASE ADMIN_TOKEN USERS creates USERS signed-in users (bench1..benchN,
# role user) and the app "bench" with the three-session-step flow POST /run/bench/cart/items (GLOBAL Set Parameters,
# GLOBAL Get Parameters with an output target, LOCAL Session Management PUT_DATA), and exports TOKENS: the users'
# JWTs, comma-separated, which bench/flow-three-steps.lua takes in turn.
flow_app() {
  local base="$1" admin="$2" users="$3" i
  TOKENS=""
  for i in $(seq 1 "$users"); do
    curl -sf -X POST "$base/api/users" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" \
      -d "{\"username\":\"bench$i\",\"password\":\"bench-password-$i\",\"roleId\":\"user\"}" >/dev/null
    TOKENS="$TOKENS${TOKENS:+,}$(curl -sf -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"bench$i\",\"password\":\"bench-password-$i\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')"
  done
  export TOKENS
  curl -sf -X POST "$base/api/apps" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" -d '
{"id": "bench", "flows": [{"id": "add-item", "trigger": {"method": "POST", "path": "/cart/items", "auth": "JWT"},
  "steps": [
    {"id": "remember", "method": "session.set-parameters", "input": {"scope": "GLOBAL", "parameters": [
      {"name": "lastSku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"},
      {"name": "quantity", "dataType": "INTEGER", "valueType": "EXPRESSION", "value": "{{ message.quantity }}"}]}},
    {"id": "read", "method": "session.get-parameters",
     "input": {"scope": "GLOBAL", "parameters": [{"name": "lastSku"}, {"name": "quantity"}]},
     "output": {"dataType": "OBJECT", "target": "cart"}},
    {"id": "keep", "method": "session.manage",
     "input": {"operation": "PUT_DATA", "sessionType": "LOCAL", "fields": ["sku", "cart.quantity"]}}]}]}' >/dev/null
  echo "check: $(curl -sf -X POST "$base/run/bench/cart/items" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer ${TOKENS%%,*}" -d '{"sku":"sku-42","quantity":3}')"
}
