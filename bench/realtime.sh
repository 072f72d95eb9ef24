#!/usr/bin/env bash
# Real-time delivery benchmark (docs/performance.md): CLIENTS SignalR clients (default 200) connected through the
# gateway, RATE notification events/s (default 100) for SECONDS (default 30); prints commit→client latency
# p50/p95/p99 and lost messages. Starts the whole system itself (AppHost in Local mode, fresh data), so stop ./run.sh
# first if it is running on a small machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/RealtimeBenchmark -c Release -v quiet -nologo
dotnet run --project bench/RealtimeBenchmark -c Release --no-build 2>/dev/null | grep -E '^(starting|signed up|connected|fed|clients|commit|received|target|TARGET)'
