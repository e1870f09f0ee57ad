#!/usr/bin/env bash
# `npm test`: every tier (DESIGN.md §7) — unit, gpu (Dawn in Node), browser (Chromium), e2e (built app).
# Prints each tier's counts and a closing "N passed, N failed" line; exits non-zero if any tier fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision.sh || exit 1

tiers=("${@:-unit gpu browser e2e}")
read -r -a tiers <<<"${tiers[*]}"
mkdir -p test-results
status=0
summary=()
total_pass=0
total_fail=0
for tier in "${tiers[@]}"; do
  printf '\n=== %s tier ===\n' "$tier"
  report="test-results/vitest-$tier.json"
  rm -f "$report"
  npx vitest run --project "$tier" --reporter=default --reporter=json --outputFile.json="$report" || status=1
  if [ -f "$report" ]; then
    read -r pass fail skip < <(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log(r.numPassedTests, r.numFailedTests + (r.numTotalTestSuites && !r.success && r.numFailedTests === 0 ? 1 : 0), r.numPendingTests + r.numTodoTests);
    ' "$report")
  else
    pass=0 fail=1 skip=0
  fi
  # A skipped test is not a passing one: any skip fails the run.
  if [ "$skip" != 0 ]; then status=1; fi
  summary+=("$tier: $pass passed, $fail failed, $skip skipped")
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
done

printf '\n=== summary ===\n'
printf '%s\n' "${summary[@]}"
printf '%s passed, %s failed\n' "$total_pass" "$total_fail"
exit $status
