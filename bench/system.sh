#!/usr/bin/env bash
# Whole-system load test (docs/performance.md): a mixed workload shaped like a day of BuildXpert traffic, compressed,
# for MINUTES (default 2) with 1 replica per service and then with 3, each on a freshly started system (Release builds).
# Prints per operation throughput, p50/p95/p99 and errors, the invariants, the 3:1 ratio, and writes HTML reports
# (bench/results/system-1.html, system-3.html). Stop ./run.sh first: the benchmark starts the whole system itself.
# Settings (environment): MINUTES (2), SYSTEM_REPLICAS ("1 3"), WARMUP_SECONDS (30, unmeasured), CONCURRENCY (48),
# PROVIDERS (24), USERS (60), REFRESHERS (16), CLIENTS (200); docs/performance.md describes the mix.
set -uo pipefail # a failed run is reported below, not hidden
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/SystemBenchmark -c Release -v quiet -nologo || exit 1
mkdir -p bench/results
rm -f bench/results/system-*.txt bench/results/system-*.err
for replicas in ${SYSTEM_REPLICAS:-1 3}; do
  echo "== $replicas replica(s)"
  REPLICAS=$replicas dotnet run --project bench/SystemBenchmark -c Release --no-build 2>"bench/results/system-$replicas.err" \
    | grep --line-buffered -E '^(starting|prepared|connected|warmed|run:|operation|catalogue|listing|provider|notifications|unread|refresh|login|book|status|signup|renew|pay|requests:|waiting|payments:|bookings:|error queues|real-time:|invariant|target|summary|report)' \
    | tee "bench/results/system-$replicas.txt"
done
for replicas in ${SYSTEM_REPLICAS:-1 3}; do
  grep -q '^summary' "bench/results/system-$replicas.txt" || { echo "the $replicas-replica run did not finish: see bench/results/system-$replicas.err"; tail -5 "bench/results/system-$replicas.err"; }
done
one=$(grep -o 'requests_per_s=[0-9.]*' bench/results/system-1.txt 2>/dev/null | cut -d= -f2 || true)
three=$(grep -o 'requests_per_s=[0-9.]*' bench/results/system-3.txt 2>/dev/null | cut -d= -f2 || true)
if [ -n "$one" ] && [ -n "$three" ]; then
  python3 -c "print(f'ratio 3 replicas : 1 replica = {float($three)/float($one):.2f} (target >= 1.0: {\"MET\" if float($three) >= float($one) else \"MISSED\"})')"
fi
