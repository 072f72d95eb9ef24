#!/usr/bin/env bash
# Catalogue read benchmark (the original's own load test): ab -n 10000 -c 100 through the gateway, then straight to
# the Bookings service. Needs the system running (./run.sh in another terminal). Prints one summary line per target
# and the gateway/direct throughput ratio. Override with GATEWAY_URL, BOOKINGS_URL, REQUESTS, CONCURRENCY.
set -euo pipefail
gateway=${GATEWAY_URL:-http://localhost:5000}
bookings=${BOOKINGS_URL:-http://localhost:5102}
requests=${REQUESTS:-10000}
concurrency=${CONCURRENCY:-100}
path=/api/services

command -v ab >/dev/null || { echo "ab missing: apt-get install apache2-utils" >&2; exit 1; }
curl -sf "$gateway$path" >/dev/null || { echo "No catalogue at $gateway$path: start the system with ./run.sh" >&2; exit 1; }

run() { # label url -> prints summary, echoes requests/s on fd 3
  local out
  ab -q -n "${WARMUP:-3000}" -c 50 "$2" >/dev/null 2>&1 || true  # warm-up: tiered JIT, connection pools, caches
  out=$(ab -q -n "$requests" -c "$concurrency" "$2" 2>&1)
  local rps mean p50 p99 failed non2xx
  rps=$(awk '/Requests per second/ {print $4}' <<<"$out")
  mean=$(awk '/Time per request/ && /\(mean\)/ {print $4; exit}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  failed=$(awk '/Failed requests/ {print $3}' <<<"$out")
  non2xx=$(awk '/Non-2xx responses/ {print $3}' <<<"$out")
  printf '%-8s %-40s %9s req/s  mean %7s ms  p50 %4s ms  p99 %4s ms  failed %s  non-2xx %s\n' \
    "$1" "$2" "$rps" "$mean" "$p50" "$p99" "$failed" "${non2xx:-0}"
  echo "$rps" >&3
}

exec 3>/tmp/bench-catalogue.$$
run gateway "$gateway$path"
run direct "$bookings$path"
exec 3>&-
mapfile -t rates < /tmp/bench-catalogue.$$
rm -f /tmp/bench-catalogue.$$
awk -v g="${rates[0]}" -v d="${rates[1]}" 'BEGIN { printf "gateway/direct throughput ratio: %.2f\n", g / d }'
