#!/usr/bin/env bash
# Payments benchmark (docs/performance.md): PROVIDERS providers (default 400) each with a pending registration; initiates
# with idempotency keys and one signed Paytm webhook per paid order through the gateway (CONCURRENCY in flight, default
# 32; first WARMUP_SECONDS, default 60, of paid orders by WARMUP_PROVIDERS, default 32, providers of their own, and
# the first WARMUP, default 50, of each phase, unmeasured). Prints throughput, p50/p99, exactly-once settlement and whether each
# target is met. Starts the whole system itself (AppHost in Local mode with the Paytm sandbox, fresh data), so stop
# ./run.sh first if it is running on a small machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/PaymentsBenchmark -c Release -v quiet -nologo
dotnet run --project bench/PaymentsBenchmark -c Release --no-build 2>/dev/null | grep -E '^(starting|signed up|warmed|initiates|opened|webhooks|settlement|target)'
