#!/usr/bin/env bash
# Fails when runtime code (pallets, runtime, primitives; tests, mocks and benchmarks excepted)
# calls `.unwrap()`, `.expect(`, `panic!`, `unreachable!`, `todo!` or `unimplemented!`. Code after
# a `#[cfg(test)]` line of a file is test code and not scanned; a line that must panic by contract
# (the off-chain try-runtime entry points) says so with a trailing `// panic-ok`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

status=0
while IFS= read -r file; do
	hits=$(awk '/#\[cfg\(test\)\]/ { exit } { print FILENAME ":" FNR ": " $0 }' "$file" |
		grep -E '\.unwrap\(\)|\.expect\(|panic!|unreachable!|todo!|unimplemented!' |
		grep -vE '^[^:]+:[0-9]+: *//|// panic-ok$' || true)
	if [ -n "$hits" ]; then
		printf '%s\n' "$hits" >&2
		status=1
	fi
done < <(find runtime/src primitives/src primitives/*/src pallets/*/src -name '*.rs' |
	grep -vE '/(tests?|mock|benchmarking)\.rs$|/tests/|/[a-z_]+_tests\.rs$|/tests_[a-z_]+\.rs$' | sort)

if [ "$status" -ne 0 ]; then
	echo "runtime code must not panic: use checked arithmetic and typed errors" >&2
fi
exit "$status"
