#!/bin/bash
# Seed and reconcile against their sqlite3 anchors (../shared/bench), runs alternating on the same files.
# Usage: bench/ratios.sh [PAYMENTS=1000000] [ROUNDS=2]   (users = payments / 5; needs sqlite3 and GNU time)
# Prints each figure as a ratio next to its anchor, with peak working sets, the date and the core count; then, on the
# last round's files, what background reconciliation costs (bench-cycle: a full pass, 1,000 changed rows, a pass over
# them), and what an open View Payments page holds on the server, read from real Chromium pages (SKIP_BROWSER=1 skips it).
# The support floor (N agents at once, on circuit clients or in Chromium) is bench/floor.sh, run on the files seed makes.
set -eu
payments=${1:-1000000}; rounds=${2:-2}; users=$((payments / 5))
root=$(cd "$(dirname "$0")/.." && pwd); anchors=${ANCHORS:-$root/../shared/bench}
for tool in sqlite3 /usr/bin/time; do command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }; done
[ -f "$anchors/sqlite3-join-anchor.sql" ] || { echo "bench: anchors not found in $anchors (set ANCHORS=DIR)" >&2; exit 1; }
dotnet build -c Release "$root/AdminCenter.Web" -v quiet -nologo >/dev/null
app="$root/AdminCenter.Web/bin/Release/net10.0/AdminCenter.Web.dll"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
measure() { /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || [ $? -eq 3 ]; tail -1 "$work/t"; }
echo "$(date -u +%F) on $(nproc) cores: $payments payments, $users users, $rounds rounds"
for r in $(seq 1 "$rounds"); do
  d="$work/r$r"; mkdir -p "$d"
  read -r seed_s seed_kb < <(measure dotnet "$app" seed --users "$users" --payments "$payments" --portal "$d/portal.db" --aspire "$d/aspire.db")
  import_s=$(bash "$anchors/sqlite3-import-anchor.sh" "$d")
  read -r rec_s rec_kb < <(measure dotnet "$app" reconcile --stats --ConnectionStrings:Portal "Data Source=$d/portal.db" \
    --ConnectionStrings:Aspire "Data Source=$d/aspire.db" --ConnectionStrings:AdminCenter "Data Source=$d/admincenter.db")
  read -r join_s _ < <(cd "$d" && measure sqlite3 portal.db < "$anchors/sqlite3-join-anchor.sql")
  awk -v r="$r" -v s="$seed_s" -v sk="$seed_kb" -v i="$import_s" -v c="$rec_s" -v ck="$rec_kb" -v j="$join_s" 'BEGIN {
    printf "round %d  seed %6.1f s vs import anchor %6.1f s = %.2f x, peak %d MiB\n", r, s, i, s / i, sk / 1024
    printf "         reconcile %6.1f s vs join anchor %6.1f s = %.2f x, peak %d MiB\n", c, j, c / j, ck / 1024 }'
  if [ "$r" -eq "$rounds" ]; then
    # seed's ASPIRE has the ModifiedAt index LTi is asked for (README); margin 0 lets the passes over changes use the
    # full pass's id mark at once, as a running app uses the mark of a run five minutes back.
    echo "background reconciliation (bench-cycle, 1,000 changed rows; targets: a pass over changes <= 100 ms at 1M, <= 250 ms at 10M; a full pass <= 60 s at 10M):"
    dotnet "$app" bench-cycle --changes 1000 --AdminCenter:DemoData:Simulate false --AdminCenter:ReconciliationChangeMarginMinutes 0 --ConnectionStrings:Portal "Data Source=$d/portal.db" \
      --ConnectionStrings:Aspire "Data Source=$d/aspire.db" --ConnectionStrings:AdminCenter "Data Source=$d/cycle.db" | sed 's/^/  /'
  fi
  rm -rf "$d"
done
if [ "${SKIP_BROWSER:-0}" != 1 ]; then
  dotnet test "$root/AdminCenter.Tests" --filter "FullyQualifiedName~CircuitMemoryTests" -v quiet -nologo >/dev/null
  echo "per circuit: $(cat "$root/TestResults/circuit-memory.txt")"
fi
