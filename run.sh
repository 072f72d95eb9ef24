#!/usr/bin/env bash
# Runs the whole BuildXpert system: the Aspire AppHost with its dashboard, the gateway, the four services and the
# PostgreSQL, RabbitMQ and Redis servers. Ctrl+C or SIGTERM stops everything.
#   ./run.sh                 one process per service
#   ./run.sh --replicas 3    the gateway and every service at 3 replicas (Scale:Replicas), balanced on the same ports
set -euo pipefail
cd "$(dirname "$0")"
apphost_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) apphost_args+=("--Scale:Replicas=${2:?--replicas needs a number}"); shift 2 ;;
    --replicas=*) apphost_args+=("--Scale:Replicas=${1#--replicas=}"); shift ;;
    *) echo "usage: ./run.sh [--replicas N]" >&2; exit 2 ;;
  esac
done
source scripts/prerequisites.sh

dotnet build AppHost/AppHost.csproj -v quiet -nologo

echo
echo "Gateway (apps and curl):  http://localhost:5000     e.g. curl http://localhost:5000/api/services"
echo "API reference:            http://localhost:5000/docs"
echo "Aspire dashboard:         http://localhost:15080    (use the login link printed below)"
echo

dotnet run --project AppHost/AppHost.csproj --no-build -- "${apphost_args[@]}" &
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
