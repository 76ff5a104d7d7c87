#!/usr/bin/env bash
# The test command: installs what the tests need (Debian packages, npm packages), builds,
# and runs every test with mocha. Extra arguments go to mocha (e.g. --grep registrar).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real; installed only when missing (we run as root).
debs=()
command -v ip >/dev/null || debs+=(iproute2)
# The DNS-SD interop test browses with python-zeroconf under Debian's own python.
/usr/bin/python3 -c 'import zeroconf' 2>/dev/null || debs+=(python3-zeroconf)
# The metrics test compares the agent's CPU and network figures with sysstat's sar.
command -v sar >/dev/null || debs+=(sysstat)
# The apache adapter's tests drive Debian's httpd binary with configs of their own.
[ -x /usr/sbin/apache2 ] || debs+=(apache2)
# The icecast adapter and the streaming prototype run Debian's icecast2 (never its service).
[ -x /usr/bin/icecast2 ] || debs+=(icecast2)
# The metrics test has Debian's Prometheus server (never its service) scrape every daemon.
[ -x /usr/bin/prometheus ] || debs+=(prometheus)
# The console test drives Debian's Chromium headless (puppeteer-core, no browser download).
[ -x /usr/bin/chromium ] || debs+=(chromium)
if [ ${#debs[@]} -gt 0 ]; then
  echo "installing Debian packages: ${debs[*]}"
  if [ "$(id -u)" != 0 ]; then echo "need root to install ${debs[*]}" >&2; exit 1; fi
  # Installing apache2, icecast2 or prometheus must not start Debian's own services (port 80, 8000, 9090, 9100):
  # a temporary policy-rc.d forbids service starts during the install.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debs[@]}" >/dev/null
  if [ -n "$guard" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=warn
fi
npm run build
# Safety net: a lama process that a test starts without discovery flags still multicasts
# only on loopback, with TTL 1, on a non-standard group and port.
export LAMA_MDNS_INTERFACE=127.0.0.1 LAMA_MDNS_GROUP=239.255.76.99 LAMA_MDNS_PORT=15999
exec npx --no-install mocha "$@"
