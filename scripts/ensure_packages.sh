#!/usr/bin/env bash
# Make sure system programs the project runs are on PATH, installing their Debian packages when
# they are missing: `scripts/ensure_packages.sh haproxy` (each argument is a command, or
# command:package when the two names differ).
# Debian: apt-get install, as root or through password-less sudo. Anything else prints what to
# install by hand.
# Under CI=true a program that cannot be installed is an error, not a skip.
set -u
missing=()
for spec in "$@"; do
  cmd=${spec%%:*}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${spec#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure_packages: installing ${missing[*]}"
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo -n)  # CI runners often have password-less sudo
if command -v apt-get >/dev/null 2>&1 && "${as_root[@]}" true 2>/dev/null; then
  if "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
     && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
        >/dev/null; then
    ok=1
    for spec in "$@"; do command -v "${spec%%:*}" >/dev/null 2>&1 || ok=0; done
    [ "$ok" = 1 ] && exit 0
  fi
fi
echo "ensure_packages: could not install ${missing[*]}; install them with your system's" \
  "package manager (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
if [ "${CI:-}" = "true" ]; then exit 1; fi
exit 0
