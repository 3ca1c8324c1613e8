#!/usr/bin/env bash
# Container HEALTHCHECK: succeeds when GET http://127.0.0.1:<port><path> answers 200.
# Uses curl when the image has it, otherwise bash's /dev/tcp (no extra package needed).
# Usage: healthcheck <path> <port>
set -euo pipefail
path="${1:-/actuator/health}"
port="${2:-8080}"
if command -v curl >/dev/null 2>&1; then
  exec curl --fail --silent --show-error --max-time 4 --output /dev/null "http://127.0.0.1:${port}${path}"
fi
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS= read -r -t 4 status <&3
case "${status}" in
  HTTP/*" 200 "*|HTTP/*" 200") exit 0 ;;
  *) echo "unhealthy: ${status}" >&2; exit 1 ;;
esac
