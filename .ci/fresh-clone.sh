#!/usr/bin/env bash
# A newcomer's first minute: `git clone` of HEAD into an empty folder, `npm ci`, `npm start` in the background
# (it builds and starts the example shop and the sandbox), the shop answers, then `npx connect-sandbox --help`. Only committed files count (uncommitted changes are not in the clone).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sha=$(git -C "$root" rev-parse HEAD)
tmp=$(mktemp -d)
pid=""
cleanup() {
  # npm start runs in its own process group (set -m below): stop that group only
  if [ -n "$pid" ]; then kill -TERM -- "-$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
git clone -q --no-checkout "$root" "$tmp/repo"
cd "$tmp/repo"
git checkout -q --detach "$sha"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
# what `file:` users and the bin need was built by `npm ci` (the root prepare script)
for f in packages/sdk/dist/index.js packages/sdk/dist/index.cjs packages/sdk/dist/compat/index.cjs packages/sandbox/dist/cli.js; do
  [ -f "$f" ] || { echo "npm ci did not build $f" >&2; exit 1; }
done
npx --no-install connect-sandbox --help | head -n 1
# npm start (the shop and the sandbox) with ports chosen by the OS, so that CI never collides with anything
set -m
SHOP_PORT=0 SANDBOX_PORT=0 npm start >"$tmp/start.log" 2>&1 &
pid=$!
set +m
for _ in $(seq 1 240); do
  grep -q '^Webhooks' "$tmp/start.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/start.log"; echo 'npm start exited' >&2; exit 1; }
  sleep 0.5
done
grep -q '^Webhooks' "$tmp/start.log" || { cat "$tmp/start.log"; echo 'npm start did not come up' >&2; exit 1; }
shop=$(grep -m1 '^Shop ' "$tmp/start.log" | awk '{print $2}')
grep -E '^(Shop|Sandbox|Webhooks) ' "$tmp/start.log"
node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$shop/" || { cat "$tmp/start.log"; echo "the shop at $shop does not answer" >&2; exit 1; }
npx --no-install connect-sandbox --help | head -n 1
echo "fresh clone: npm ci, npm start (shop + sandbox) and npx connect-sandbox --help work"
