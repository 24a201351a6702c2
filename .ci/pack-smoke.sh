#!/usr/bin/env bash
# Packs each package (prepack builds it), installs only the tarballs into an empty folder and runs
# .ci/tarball-smoke.mjs there: what a user gets from `npm install ./connect-server-sdk-x.y.z.tgz`.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tgz" "$tmp/app"
npm pack --silent -w connect-server-sdk -w connect-sandbox --pack-destination "$tmp/tgz" >/dev/null
for t in "$tmp"/tgz/*.tgz; do
  # a tarball without its build output is useless: fail here with the reason rather than in the smoke test
  tar -tzf "$t" >"$tmp/list" && grep -q "^package/dist/" "$tmp/list" || { echo "$(basename "$t") has no dist/" >&2; exit 1; }
done
cp .ci/tarball-smoke.mjs "$tmp/app/"
cd "$tmp/app"
echo '{ "name": "tarball-smoke", "private": true }' >package.json
npm install --silent --no-audit --no-fund --prefer-offline "$tmp"/tgz/*.tgz
node tarball-smoke.mjs
