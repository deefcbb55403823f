#!/bin/bash
# A support floor on a seeded data set: N agents, each on a Blazor circuit of its own, search borrowers, open View Payments
# and a payment while background reconciliation runs; p50/p95/p99 per step and server heap per circuit.
# FLOOR_CLIENT=circuit (default): each agent is a circuit client without a browser (the app's SignalR endpoint, blazorpack,
# render batches applied and acknowledged), so the figures are the server's. FLOOR_CLIENT=chromium: each agent is a real
# Chromium page on the same machine, so the browsers' layout and paint are in every figure.
# Usage: bench/floor.sh PORTAL_DB ASPIRE_DB [AGENTS=10,50,100] [ROUNDS=4] [ADMINCENTER_DB]
#   (SQLite files made by `seed`; it adds a staff account to the AdminCenter store, by default a fresh one, whose first
#   full pass then writes every verdict: give a copy of one that holds them, e.g. bench-cycle's, to measure the usual day)
# PostgreSQL: FLOOR_SETTINGS=FILE (a JSON object of app settings naming the three databases) instead of the two files.
# ADMINCENTER_FLOOR_PAUSE_MS=P (default 1000): each agent pauses from P/2 to 3P/2 between steps (1000: a stress test;
# an agent on the phone takes several seconds). Beside what agents see, it prints the server's share of each screen from
# the app's own admincenter_screen_read_seconds histogram, scraped before and after each N.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
agents=${3:-10,50,100}; rounds=${4:-4}
client=${FLOOR_CLIENT:-circuit}
case $client in
  circuit) filter="FullyQualifiedName~FloorLoadTests.A_floor_of_agents_on_circuits_without_a_browser" ;;
  chromium) filter="FullyQualifiedName~FloorLoadTests.A_floor_of_agents_in_chromium_pages" ;;
  *) echo "FLOOR_CLIENT must be circuit or chromium, not '$client'" >&2; exit 2 ;;
esac
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
password="quiet-harbor-$(date +%s)-$RANDOM-lamp"
# A fresh account each run: the AdminCenter store may be one an earlier run used.
email="agents-$(date +%s)-$RANDOM@bench.local"
dotnet build -c Release "$root/AdminCenter.Tests" -v quiet -nologo >/dev/null
app="$root/AdminCenter.Web/bin/Release/net10.0/AdminCenter.Web.dll"
if [ -n "${FLOOR_SETTINGS:-}" ]; then
  settings=$FLOOR_SETTINGS
else
  portal=$1; aspire=$2
  settings="$work/settings.json"
  cat > "$settings" <<JSON
{ "ConnectionStrings:Portal": "Data Source=$portal", "ConnectionStrings:Aspire": "Data Source=$aspire",
  "ConnectionStrings:AdminCenter": "Data Source=${5:-$work/admincenter.db}", "AdminCenter:DemoData:Simulate": "false",
  "AdminCenter:ReconciliationIntervalSeconds": "15" }
JSON
fi
mapfile -d '' args < <(python3 -c 'import json,sys; sys.stdout.write("".join("--%s=%s\0" % kv for kv in json.load(open(sys.argv[1])).items() if kv[0].startswith(("ConnectionStrings", "AdminCenter:Database"))))' "$settings")
echo "$password" | dotnet "$app" add-user --email "$email" --role Support --password-stdin "${args[@]}" >/dev/null
rm -f "$root/TestResults/floor-load-$client.txt"
ADMINCENTER_FLOOR_SETTINGS=$settings ADMINCENTER_FLOOR_AGENTS=$agents ADMINCENTER_FLOOR_ROUNDS=$rounds \
ADMINCENTER_FLOOR_EMAIL="$email" ADMINCENTER_FLOOR_PASSWORD=$password \
  dotnet test -c Release "$root/AdminCenter.Tests" --no-build --filter "$filter" -v quiet -nologo >/dev/null || true
cat "$root/TestResults/floor-load-$client.txt"
