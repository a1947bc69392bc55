#!/usr/bin/env bash
# Make sure the system pieces the tests need are here and running: PostgreSQL (with a
# `gridpact` role), Chromium for browser tests, gettext for translations, poppler for PDFs.
# Idempotent; installs with apt where something is missing (needs root).
set -euo pipefail

need_apt=()
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Missing system packages: ${need_apt[*]}. Install them (sudo apt-get install ${need_apt[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${need_apt[*]} with apt-get ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  echo "Starting PostgreSQL $version ..."
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL does not answer on 127.0.0.1:5432. Start it (pg_ctlcluster <version> main start) and run again." >&2
  exit 1
fi

# A role with a password works whatever the local authentication method (trust, md5, scram).
if [ "$(id -u)" = "0" ]; then
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='gridpact'\"" | grep -q 1 || \
    su postgres -c "psql -qc \"CREATE ROLE gridpact LOGIN SUPERUSER PASSWORD 'gridpact'\""
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='gridpact'\"" | grep -q 1 || \
    su postgres -c "createdb -O gridpact gridpact"
fi
