#!/usr/bin/env bash
# Uploads benchmark (docs/performance.md): ~1 MB JPEG uploads through the gateway (POST /api/upload/single: checked,
# metadata stripped, three variants encoded, stored), CONCURRENCY (default 4) in flight for SECONDS (default 20) after
# WARMUP_SECONDS (default 45) unmeasured, the CPU per request by process, and the Bookings process's working set idle,
# after the warm-up and at its highest. Targets: >= 20 uploads/s, working set growth from idle <= 200 MB. Starts the
# whole system itself (Release builds, direct endpoints), so stop ./run.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/UploadsBenchmark -c Release -v quiet -nologo
dotnet run --project bench/UploadsBenchmark -c Release --no-build 2>/dev/null | grep --line-buffered -E '^(starting|signed up|warm-up|uploads|measured CPU|memory|target)'
