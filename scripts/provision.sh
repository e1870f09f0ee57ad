#!/usr/bin/env bash
# Makes sure the machine has what the gpu, browser and e2e tiers need:
# a Chromium (CHROME_PATH, or chromium / google-chrome on PATH) and a Vulkan driver Dawn accepts.
# On Debian as root it installs what is missing; elsewhere it stops with a one-line instruction.
set -euo pipefail

say() { printf '[provision] %s\n' "$*" >&2; }
fail() { printf '[provision] %s\n' "$*" >&2; exit 1; }

is_debian_root() { [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/tmp/provision-apt-update.log 2>&1 || { tail -n 20 /tmp/provision-apt-update.log >&2; fail "apt-get update failed"; }; apt_updated=1; fi
}

# apt's chatter goes to a log; on failure its tail is shown.
apt_install() {
  local log=/tmp/provision-apt.log
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    fail "apt-get install $* failed (full log: $log)"
  fi
}

backports=""
add_backports() {
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || fail "cannot read the Debian codename from /etc/os-release"
  if ! grep -rqs "${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    say "adding ${codename}-backports to apt sources (Dawn needs Mesa >= 24 for lavapipe)"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$codename" >/etc/apt/sources.list.d/backports.sources
    apt_updated=0
  fi
  backports="${codename}-backports"
}

# --- Chromium -------------------------------------------------------------
find_chrome() {
  if [ -n "${CHROME_PATH:-}" ] && [ -x "${CHROME_PATH}" ]; then echo "$CHROME_PATH"; return; fi
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null; then command -v "$name"; return; fi
  done
}

if [ -z "$(find_chrome)" ]; then
  if is_debian_root; then
    say "no Chromium found: installing Debian's chromium"
    apt_update
    apt_install chromium
  else
    fail "no Chromium found: install Chrome/Chromium 113+ or set CHROME_PATH=/path/to/chrome"
  fi
fi

# --- Vulkan (lavapipe or a real GPU driver) --------------------------------
mesa_version() { dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | sed -E 's/^([0-9]+:)?([0-9]+).*/\2/'; }

has_vulkan_icd() { ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1; }

need_mesa=0
if ! ldconfig -p | grep -q 'libvulkan.so.1'; then need_mesa=1; fi
if ! has_vulkan_icd; then need_mesa=1; fi
if command -v dpkg-query >/dev/null && [ -n "$(mesa_version)" ] && [ "$(mesa_version)" -lt 24 ]; then need_mesa=1; fi

if [ "$need_mesa" = 1 ]; then
  if is_debian_root; then
    add_backports
    say "installing libvulkan1 and mesa-vulkan-drivers from ${backports}"
    apt_update
    apt_install -t "$backports" libvulkan1 mesa-vulkan-drivers
  else
    fail "no Vulkan driver: install your GPU's Vulkan driver, or Mesa >= 24 (lavapipe), e.g. mesa-vulkan-drivers"
  fi
fi

say "chromium: $(find_chrome)"
say "vulkan ICDs: $(ls /usr/share/vulkan/icd.d/ 2>/dev/null | tr '\n' ' ')"
