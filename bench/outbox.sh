#!/usr/bin/env bash
# Outbox benchmark (docs/performance.md): relay throughput for EVENTS events (default 10,000) and commit-to-consumer
# latency at a steady RATE events/s (default 200) for SECONDS (default 20), with a per-message consumer and with a batch
# consumer; then a backlog drain: DRAIN events (default 100,000) committed while the broker is down, timed from its
# return until the outbox is empty (target ≥ 2,000 events/s). Starts its own PostgreSQL and RabbitMQ.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/OutboxBenchmark -c Release -v quiet -nologo
for batched in false true; do
  BATCHED=$batched dotnet run --project bench/OutboxBenchmark -c Release --no-build 2>/dev/null | grep -E '^(Consumer|relay|end|steady)'
done
DRAIN=${DRAIN:-100000} BATCHED=true dotnet run --project bench/OutboxBenchmark -c Release --no-build 2>/dev/null | grep -E '^(drain|backlog)'
