#!/usr/bin/env bash
# Faults under load (docs/performance.md): the whole-system load test at 3 replicas (Release) for MINUTES (default 4),
# while bench/SystemBenchmark/Faults.cs kills one replica of each service and of the gateway with SIGKILL (each started
# again 8 s later, as an orchestrator would), then restarts RabbitMQ, Redis and PostgreSQL, one fault every FAULT_GAP s
# (default 20). The driver retries as a patient app does (same Idempotency-Key) and then checks: 0 lost or duplicated
# payments, activations, bookings and notifications; no message in an error queue; every failed answer an error envelope
# (no 500, nothing without an answer within 30 s); every SignalR client reconnected on its own. Writes
# bench/results/faults.{txt,html,err,log} (docs/performance.md says how to read them; .log has the services' warnings).
# Stop ./run.sh first: the benchmark starts the system. Exits non-zero on any violation.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/SystemBenchmark -c Release -v quiet -nologo || exit 1
mkdir -p bench/results
# Reconciliation settles a webhook lost while Payments was down: check sooner than in production, as the day is compressed.
# The services log warnings and errors only, and the driver forwards them (with their exceptions) into faults.log.
export BENCH_SERVICE_ENV="Payments__FirstCheckAfter=00:00:15;Payments__ReconciliationInterval=00:00:10;Serilog__MinimumLevel__Default=Warning${BENCH_SERVICE_ENV:+;$BENCH_SERVICE_ENV}"
REPLICAS=${REPLICAS:-3} FAULTS=1 MINUTES=${MINUTES:-4} dotnet run --project bench/SystemBenchmark -c Release --no-build 2>bench/results/faults.err \
  | tee bench/results/faults.log \
  | grep --line-buffered -E '^(starting|prepared|connected|run:|operation|catalogue|listing|provider|notifications|unread|login|book|status|signup|pay|requests:|waiting|payments:|bookings:|error queues|real-time:|faults:|fault |invariant|target|summary|report)' \
  | tee bench/results/faults.txt
grep -q '^summary' bench/results/faults.txt || { echo "the run did not finish: see bench/results/faults.err"; tail -5 bench/results/faults.err; exit 1; }
grep -q '^invariant violations: 0' bench/results/faults.txt
