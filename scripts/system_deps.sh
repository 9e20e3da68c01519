#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing:
#   chromium     browser tests (Playwright drives Debian's build; it cannot download its own)
#   postgresql   storage tests run against a real local server as well as SQLite
# Usage: scripts/system_deps.sh [chromium] [postgresql] [venv]
set -euo pipefail

need=()
for what in "$@"; do
  case "$what" in
    chromium)   [ -x /usr/bin/chromium ] || need+=(chromium) ;;
    postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql) ;;
    venv)       need+=(python3-venv) ;;
    *) echo "unknown system dependency: $what" >&2; exit 2 ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Missing Debian packages: ${need[*]}. Install them as root: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
