#!/usr/bin/env bash
# Runs every test project of MdtReview: clinical rules, components (bUnit), integration (SQLite and PostgreSQL)
# and browser tests (Playwright driving Debian's Chromium). Installs Chromium and PostgreSQL from Debian's packages
# when it runs as root; otherwise it needs them present. It never skips a suite: a missing dependency fails the run.
# Prints "N passed, N failed" as its last line and exits non-zero on any failure.
#
# tests/run.sh --repeat N runs every project N times from the same build (to find a flaky test), prints each round's
# totals and, per test, how many of the N rounds it passed when that is fewer than N; the last line sums every round.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"

fail() { echo "tests/run.sh: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || fail "--repeat needs a whole number of rounds (1 or more)."; repeat=$2; shift 2 ;;
    *) fail "unknown argument '$1' (usage: tests/run.sh [--repeat N])" ;;
  esac
done
rm -rf "$results" && mkdir -p "$results"

as_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  as_root || return 1
  command -v apt-get >/dev/null || return 1
  if [ -z "${MDTREVIEW_APT_UPDATED:-}" ]; then
    apt-get update -qq || return 1
    MDTREVIEW_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Chromium for the browser tests: Debian's package, never a browser downloaded by Playwright.
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing chromium (Debian package)…"
  apt_install chromium || fail "Chromium is missing at /usr/bin/chromium and could not be installed (run as root or: apt-get install chromium)."
fi

# PostgreSQL for the provider tests, unless the caller points at one with MDTREVIEW_TEST_POSTGRES.
if [ -z "${MDTREVIEW_TEST_POSTGRES:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "Installing postgresql (Debian package)…"
    apt_install postgresql || fail "PostgreSQL is not installed and could not be installed (run as root, or set MDTREVIEW_TEST_POSTGRES)."
  fi
  as_root || fail "Starting PostgreSQL needs root; run as root or set MDTREVIEW_TEST_POSTGRES to a role that may CREATE DATABASE."
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
  [ -n "$cluster" ] || fail "No PostgreSQL cluster found (pg_lsclusters)."
  pg_ctlcluster $cluster start 2>/dev/null || true
  for _ in $(seq 1 30); do
    su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 || fail "PostgreSQL did not start (pg_ctlcluster $cluster start)."
  su postgres -c "psql -qc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mdtreview_test') THEN CREATE ROLE mdtreview_test LOGIN CREATEDB PASSWORD 'mdtreview_test'; END IF; END \\\$\\\$;\"" >/dev/null
  port=$(su postgres -c "psql -qAtc 'show port'")
  export MDTREVIEW_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=mdtreview_test;Password=mdtreview_test;Database=postgres"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build MdtReview.sln -c Debug -nologo -v q -clp:ErrorsOnly || fail "the build failed."

# One results directory per test project and round: TRX names are timestamps, and two projects finishing in the same
# microsecond would otherwise overwrite each other's file. The projects run in parallel, each with its own log.
projects=$(grep -o 'tests\\[A-Za-z.]*Tests\\[A-Za-z.]*Tests.csproj' MdtReview.sln | tr '\\' '/')
[ -n "$projects" ] || fail "no test projects found in MdtReview.sln."

# Runs every project once into $1; prints the logs and each project's totals, and sets round_passed and round_failed.
run_round() {
  local dir=$1 pids=() project name trx counters p f crashed=0
  for project in $projects; do
    name=$(basename "$project" .csproj)
    mkdir -p "$dir/$name"
    dotnet test --project "$project" --no-build -c Debug --results-directory "$dir/$name" --report-xunit-trx \
      >"$dir/$name/console.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || crashed=1; done
  for project in $projects; do
    name=$(basename "$project" .csproj)
    echo "=== $name"
    cat "$dir/$name/console.log"
  done

  # Totals from each project's TRX file. A project without a TRX file did not run: that fails.
  round_passed=0; round_failed=0
  for project in $projects; do
    name=$(basename "$project" .csproj)
    trx=$(find "$dir/$name" -name '*.trx' | head -1)
    if [ -z "$trx" ]; then
      echo "tests/run.sh: $name produced no result file: it did not run." >&2
      round_failed=$((round_failed + 1)); continue
    fi
    counters=$(grep -o '<Counters [^>]*' "$trx" | head -1)
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    p=$(get passed); f=$(( $(get failed) + $(get error) + $(get timeout) ))
    echo "$name: $p passed, $f failed"
    round_passed=$((round_passed + p)); round_failed=$((round_failed + f))
  done
  if [ "$crashed" -eq 1 ] && [ "$round_failed" -eq 0 ]; then
    echo "tests/run.sh: a test project exited with an error although its results show no failed test (see its console.log)." >&2
    round_failed=1
  fi
}

passed=0; failed=0
for round in $(seq 1 "$repeat"); do
  dir="$results"
  [ "$repeat" -eq 1 ] || dir="$results/round-$round"
  mkdir -p "$dir"
  started=$(date +%s)
  run_round "$dir"
  [ "$repeat" -eq 1 ] || echo "round $round of $repeat: $round_passed passed, $round_failed failed in $(( $(date +%s) - started )) s"
  passed=$((passed + round_passed)); failed=$((failed + round_failed))
done

if [ "$repeat" -gt 1 ]; then
  # Per-test pass counts over the rounds, from every TRX file: one line per test that did not pass in every round.
  counts="$results/pass-counts.tsv"
  find "$results" -name '*.trx' -print0 | xargs -0 cat \
    | grep -o '<UnitTestResult [^>]*' \
    | sed -n 's/.* testName="\([^"]*\)".* outcome="\([A-Za-z]*\)".*/\1\t\2/p' \
    | awk -F '\t' -v n="$repeat" '{ runs[$1]++; if ($2 == "Passed") ok[$1]++ }
        END { for (t in runs) printf "%d/%d\t%s\n", ok[t] + 0, n, t }' | sort >"$counts"
  tests=$(wc -l <"$counts")
  flaky=$(awk -F '\t' -v n="$repeat" '$1 != n "/" n' "$counts")
  echo "per-test pass counts over $repeat rounds: $counts"
  if [ -z "$flaky" ]; then
    echo "all $tests tests passed in every one of the $repeat rounds"
  else
    echo "tests that did not pass in every round (passed/rounds):"
    echo "$flaky"
  fi
fi

status=0
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
