#!/usr/bin/env bash
# Builds and runs every test project (unit, integration and end-to-end against real PostgreSQL, RabbitMQ and Redis,
# which the fixtures start through the AppHost), then prints one line: N passed, N failed[, N skipped].
set -uo pipefail
cd "$(dirname "$0")"
export BUILDXPERT_BROWSER=1 # Chromium for the payment page test
export BUILDXPERT_S3=1      # s3rver (npm) for the S3 upload storage tests
export BUILDXPERT_KUBECTL=1 # kubectl (Debian's kubernetes-client) renders deploy/ in the deployment tests
source scripts/prerequisites.sh
set +e  # keep going after a failing test project; the summary decides the exit code

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

if ! dotnet build BuildXpert.sln -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

for project in tests/*/*Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 10m
done

# The end-to-end suite once more with the gateway and every service at 3 replicas (Scale:Replicas): rate limits,
# revocation, real-time delivery, calls, jobs, consumers, migrations, idempotency and webhooks across processes.
echo "== BuildXpert.EndToEndTests at 3 replicas"
BUILDXPERT_REPLICAS=3 dotnet test tests/BuildXpert.EndToEndTests/BuildXpert.EndToEndTests.csproj --no-build -nologo \
  --logger "trx;LogFileName=BuildXpert.EndToEndTests.Replicas3.trx" --results-directory "$results" --blame-hang-timeout 10m

read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    counters = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(passed, failed, skipped)
PY
)
expected=$(( $(ls tests/*/*Tests.csproj | wc -l) + 1 ))  # + the end-to-end suite at 3 replicas
found=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$found" -lt "$expected" ]; then
  failed=$((failed + expected - found))   # a test run that crashed before writing results counts as a failure
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
