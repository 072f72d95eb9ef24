#!/usr/bin/env bash
# Outbox benchmark (docs/performance.md): relay throughput for EVENTS events (default 10,000) and commit-to-consumer
# latency at a steady RATE events/s (default 200) for SECONDS (default 20). Starts its own PostgreSQL and RabbitMQ.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/OutboxBenchmark -c Release -v quiet -nologo
Logging__LogLevel__Default=Warning dotnet run --project bench/OutboxBenchmark -c Release --no-build
