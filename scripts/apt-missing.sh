#!/usr/bin/env bash
# Installs the Debian packages whose command (or package) is missing, and nothing else.
#   scripts/apt-missing.sh COMMAND:PACKAGE … PACKAGE …
set -euo pipefail
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
missing=""
for want in "$@"; do
  case "$want" in
    *:*) command -v "${want%%:*}" >/dev/null || missing="$missing ${want#*:}" ;;
    *) dpkg -s "$want" >/dev/null 2>&1 || missing="$missing $want" ;;
  esac
done
if [ -z "$missing" ]; then echo "all present"; exit 0; fi
echo "installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
