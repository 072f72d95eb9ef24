#!/usr/bin/env bash
# Installs what BuildXpert needs on Debian (PostgreSQL, RabbitMQ, Redis, ab; Chromium and s3rver for the tests) when missing. Sourced by run.sh and test.sh.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
command -v ab >/dev/null 2>&1 || need+=(apache2-utils)
# The S3 upload storage tests run against s3rver (npm), a local server that speaks the S3 protocol: test.sh sets BUILDXPERT_S3=1.
if [ "${BUILDXPERT_S3:-0}" = 1 ] && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then need+=(nodejs npm); fi
# The deployment tests render deploy/ with `kubectl kustomize`: test.sh sets BUILDXPERT_KUBECTL=1.
if [ "${BUILDXPERT_KUBECTL:-0}" = 1 ] && ! command -v kubectl >/dev/null 2>&1; then need+=(kubernetes-client); fi
# The payment page test drives a headless browser (Playwright): test.sh sets BUILDXPERT_BROWSER=1.
if [ "${BUILDXPERT_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from apt..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# (again whenever the lockfile is newer than the installed tree)
if [ "${BUILDXPERT_S3:-0}" = 1 ] && { [ ! -x tools/s3-server/node_modules/.bin/s3rver ] \
     || [ tools/s3-server/package-lock.json -nt tools/s3-server/node_modules/.package-lock.json ]; }; then
  echo "Installing s3rver from npm..."
  npm ci --prefix tools/s3-server --no-audit --no-fund --loglevel=error >/dev/null
fi

command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
