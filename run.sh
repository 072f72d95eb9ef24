#!/usr/bin/env bash
# Runs the whole BuildXpert system: the Aspire AppHost with its dashboard, the gateway, the four services and the
# PostgreSQL, RabbitMQ and Redis servers. Ctrl+C or SIGTERM stops everything.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

dotnet build AppHost/AppHost.csproj -v quiet -nologo

echo
echo "Gateway (apps and curl):  http://localhost:5000     e.g. curl http://localhost:5000/api/services"
echo "API reference:            http://localhost:5000/docs"
echo "Aspire dashboard:         http://localhost:15080    (use the login link printed below)"
echo

dotnet run --project AppHost/AppHost.csproj --no-build &
apphost=$!
stop() {
  kill -TERM "$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  # DCP removes the project processes some seconds after the AppHost exits; wait so nothing is left behind.
  for _ in $(seq 1 30); do
    pgrep -f "$(pwd)/(Gateway|Services\.[A-Za-z]+)/bin/" >/dev/null || break
    sleep 1
  done
  pkill -TERM -f "$(pwd)/(Gateway|Services\.[A-Za-z]+)/bin/" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
wait "$apphost"
