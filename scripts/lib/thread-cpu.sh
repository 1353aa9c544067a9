#!/usr/bin/env bash
# CPU seconds spent per thread name (and nice value) of one process over an interval, from
# /proc/<pid>/task/*/stat (utime + stime, 100 ticks a second); threads under 0.05 s are left out.
#
#   scripts/lib/thread-cpu.sh <pid> <seconds>
#   e.g. during a `scripts/bench-network.sh` run, for validator Alice:
#   scripts/lib/thread-cpu.sh "$(pgrep -f -- '--alice --base-path /tmp/telecom-netbench' | head -1)" 90
#
# Output: "<thread name> nice=<n>  <seconds> s  <% of one core>", then the process total. The pool's
# validation workers show as `transaction-poo` when they run below the node
# (`--pool-validation-nice`), else among tokio's `tokio-rt-worker` threads.
set -euo pipefail
pid="$1" secs="$2"
a="$(mktemp)" b="$(mktemp)"
trap 'rm -f "$a" "$b"' EXIT
snap() {
	for t in /proc/"$pid"/task/*; do
		read -r line <"$t/stat" 2>/dev/null || continue
		local name rest
		name="$(tr ' ' '_' <"$t/comm" 2>/dev/null)" || continue
		rest="${line##*) }"
		# shellcheck disable=SC2086
		set -- $rest
		# Fields after the name: utime is the 12th, stime the 13th, nice the 17th.
		echo "${t##*/} $name $((${12} + ${13})) ${17}"
	done | sort
}
snap >"$a"
sleep "$secs"
snap >"$b"
join "$a" "$b" | awk -v s="$secs" '{ d = ($6 - $3) / 100; k = $2 " nice=" $4; n[k] += d; tot += d }
	END { for (k in n) if (n[k] > 0.05) printf "%-40s %7.2f s  %5.1f%%\n", k, n[k], 100 * n[k] / s | "sort -k3 -nr"
	      close("sort -k3 -nr"); printf "total %.2f s over %d s\n", tot, s }'
