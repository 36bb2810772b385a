#!/bin/sh
# The runtime stage of the container image, shared with the test that proves it
# (tests/packaging/debootstrap.sh runs this same script in a fresh Debian 12 root).
# Installs the .deb with the dependencies it declares, and the non-root user the image runs as.
# Usage: install-runtime.sh PATH/TO/shiftway.deb
set -eu
deb=$1
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ca-certificates "$deb" >/dev/null
rm -rf /var/lib/apt/lists/*
# uid/gid 10001, as the Kubernetes examples' runAsUser expects; /flyway is Flyway's image layout:
# /flyway/sql holds the migrations (the default location filesystem:sql) and /flyway/flyway.toml
# or /flyway/flyway.conf the configuration.
groupadd --system --gid 10001 shiftway
useradd --system --uid 10001 --gid 10001 --home-dir /flyway --no-create-home --shell /usr/sbin/nologin shiftway
mkdir -p /flyway/sql
chown -R shiftway:shiftway /flyway
