# Sourced by bench/flow-load.sh, bench/persistence-load.sh and bench/cluster.sh: defines flow_setup, which prepares one host for the flow
# benchmark (the bench users and the three-session-step flow of bench/flow-three-steps.lua) and prints the users'
# JWTs, comma-separated (the TOKENS those wrk scripts read).
#
#   TOKENS=$(flow_setup BASE ADMIN_TOKEN USERS)

flow_setup() {
  local base="$1" admin="$2" users="$3" tokens="" i
  for i in $(seq 1 "$users"); do
    curl -sf -X POST "$base/api/users" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" \
      -d "{\"username\":\"bench$i\",\"password\":\"bench-password-$i\",\"roleId\":\"user\"}" >/dev/null
    tokens="$tokens${tokens:+,}$(curl -sf -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"bench$i\",\"password\":\"bench-password-$i\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')"
  done
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
  echo "$tokens"
}
