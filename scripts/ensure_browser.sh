#!/usr/bin/env bash
# Make sure a Chromium for the browser tests is on PATH.
# Debian as root: apt-get install chromium (Playwright's own download cannot reach its host here);
# otherwise fall back to `python -m playwright install chromium`.
# Under CI=true a browser that cannot be installed is an error, not a skip.
set -u
py=${1:-python3}
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done
echo "ensure_browser: no Chromium on PATH; installing it"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq \
     && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    command -v chromium >/dev/null 2>&1 && exit 0
  fi
fi
if "$py" -m playwright install chromium; then exit 0; fi
echo "ensure_browser: could not install Chromium" >&2
if [ "${CI:-}" = "true" ]; then exit 1; fi
exit 0
