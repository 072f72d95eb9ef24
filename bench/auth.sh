#!/usr/bin/env bash
# Authentication benchmark (docs/performance.md). Needs the system running (./run.sh). Signs up a fresh user through
# the gateway (OTP from the development SMS sink), then:
#  1. GET /api/auth/me with the access token through the gateway (JWT validation + Redis deny-list check + proxy) and
#     straight to Identity: requests/s, p50, p99 and the ratio;
#  2. the deny-list check alone: Redis EXISTS latency (redis-benchmark);
#  3. login throughput (bounded by BCrypt cost 12 by design).
set -euo pipefail
gateway=${GATEWAY_URL:-http://localhost:5000}
identity=${IDENTITY_URL:-http://localhost:5101}
requests=${REQUESTS:-10000}
concurrency=${CONCURRENCY:-50}
logins=${LOGINS:-100}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
phone="9$(shuf -i 100000000-999999999 -n 1)"
curl -sf -X POST "$gateway/api/auth/signup" -H 'Content-Type: application/json' \
  -d "{\"fullName\":\"Bench User\",\"email\":\"bench$phone@example.com\",\"phone\":\"$phone\",\"password\":\"secret1\",\"role\":\"user\"}" >/dev/null
code=""
for _ in $(seq 1 50); do
  code=$(curl -s "$gateway/api/dev/sms/latest?phone=$phone" | json "d.get('data',{}).get('code','')" 2>/dev/null || true)
  [ -n "$code" ] && break
  sleep 0.2
done
token=$(curl -sf -X POST "$gateway/api/auth/verify-otp" -H 'Content-Type: application/json' \
  -d "{\"phone\":\"$phone\",\"otp\":\"$code\"}" | json "d['data']['accessToken']")

run() { # label url
  ab -q -n 2000 -c 20 -H "Authorization: Bearer $token" "$2" >/dev/null 2>&1 || true
  local out
  out=$(ab -q -n "$requests" -c "$concurrency" -H "Authorization: Bearer $token" "$2" 2>&1)
  printf '%-8s %-38s %9s req/s  p50 %4s ms  p99 %4s ms  failed %s  non-2xx %s\n' "$1" "$2" \
    "$(awk '/Requests per second/ {print $4}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(awk '/Failed requests/ {print $3}' <<<"$out")" \
    "$(awk '/Non-2xx responses/ {print $3}' <<<"$out" | grep . || echo 0)"
  awk '/Requests per second/ {print $4}' <<<"$out" >&3
}
exec 3>/tmp/bench-auth.$$
run gateway "$gateway/api/auth/me"
run direct "$identity/api/auth/me"
exec 3>&-
mapfile -t rates < /tmp/bench-auth.$$; rm -f /tmp/bench-auth.$$
awk -v g="${rates[0]}" -v d="${rates[1]}" 'BEGIN { printf "gateway/direct throughput ratio: %.2f\n", g / d }'

redis_port=$(ss -ltnp 2>/dev/null | awk '/redis-server/ {split($4, a, ":"); print a[length(a)]; exit}')
if [ -n "$redis_port" ]; then
  echo "deny-list check (Redis EXISTS, 1 connection, 10,000 calls):"
  redis-benchmark -p "$redis_port" -n 10000 -c 1 -q --precision 3 EXISTS auth:revoked:bench 2>/dev/null | tr '\r' '\n' | grep -E 'requests per second' | tail -1
  redis-benchmark -p "$redis_port" -n 10000 -c 1 --precision 3 EXISTS auth:revoked:bench 2>/dev/null | tr '\r' '\n' | grep -A3 'Summary' | tail -2
fi

body=$(mktemp); echo "{\"phone\":\"$phone\",\"password\":\"secret1\",\"role\":\"user\"}" > "$body"
out=$(ab -q -n "$logins" -c 4 -p "$body" -T application/json "$gateway/api/auth/login" 2>&1); rm -f "$body"
printf 'login    %d logins: %s req/s  p50 %s ms  non-2xx %s (BCrypt cost 12 on 2 cores)\n' "$logins" \
  "$(awk '/Requests per second/ {print $4}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
  "$(awk '/Non-2xx responses/ {print $3}' <<<"$out" | grep . || echo 0)"
