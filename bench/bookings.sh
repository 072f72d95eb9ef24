#!/usr/bin/env bash
# Bookings benchmark (docs/performance.md): PROVIDERS plumbers (default 20) registered and activated, CUSTOMERS
# customers (default 300); then the provider listing through the gateway (CONCURRENCY loops, default 64, for
# LISTING_SECONDS, default 20, after a 5 s warm-up) and, after BOOKING_WARMUP (12,000) unmeasured bookings by
# WARMUP_CUSTOMERS (32) customers of their own, BOOKINGS_PER_CUSTOMER (10, at most PROVIDERS) bookings by each customer
# (BOOKING_CONCURRENCY in flight, default 16), checked for lost and duplicate bookings. Prints throughput, p50/p95/p99,
# the CPU each booking cost (machine-wide and by process) in the warm-up and the measured phase, and whether each
# target is met. Starts the
# whole system itself (AppHost in Local mode, fresh data), so stop ./run.sh first if it is running on a small machine.
# PG_STATEMENTS=1: PostgreSQL keeps per-statement counters, and the 40 costliest statements of the measured phase are
# printed (calls per measured booking; the warm-up's events may still be draining into them).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
dotnet build bench/BookingsBenchmark -c Release -v quiet -nologo
dotnet run --project bench/BookingsBenchmark -c Release --no-build 2>/dev/null | grep -E '^(starting|signed up|registered|listed|listing|warmed|warm-up CPU|measured CPU|outbox drained|non-201|unverified|bookings|target|statements)'
