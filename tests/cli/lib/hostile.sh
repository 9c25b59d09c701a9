# tests/cli/lib/hostile.sh: what the limits and faults scripts share: a temp folder, a failure count, and `hostile`.
# Sourced, not run: tests/run.sh runs only tests/cli/*.sh.
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# guarded CMD...: CMD with at most 60 s of processor time (ulimit -t: a loaded machine
# does not inflate it, where a wall-clock limit fails the test on a busy CI runner) and,
# against a hang that uses no processor (a read from a FIFO), 300 s of wall time. Exit
# 124 for the wall limit, 128 + SIGXCPU (152) for the processor limit.
guarded() { ( ulimit -t 60; exec timeout 300 "$@" ); }

# hostile NAME FILE PATTERN: `charte check FILE` ends within guarded's limits, exit 1
# or 2, never a signal; it says something matching PATTERN, in at most 1 MB.
# The exit code is left in last_rc.
hostile() {
  local name=$1 file=$2 pattern=$3 rc size
  guarded "$CHARTE" check "$file" >"$tmp/out" 2>&1
  rc=$?
  last_rc=$rc
  size=$(wc -c <"$tmp/out")
  if [ $rc -eq 124 ]; then
    echo "$name : plus de 300 s (bloqué ?)"
  elif [ $rc -eq 152 ]; then
    echo "$name : plus de 60 s de processeur"
  elif [ $rc -ge 128 ]; then
    echo "$name : tué par le signal $((rc - 128))"
  elif [ $rc -ne 1 ] && [ $rc -ne 2 ]; then
    echo "$name : code de sortie $rc (1 ou 2 attendu)"
  elif [ "$size" -gt 1000000 ]; then
    echo "$name : sortie de $size octets (1 Mo au plus)"
  elif ! grep -Eq "$pattern" "$tmp/out"; then
    echo "$name : message attendu ($pattern) absent"
  else
    return 0
  fi
  head -c 2000 "$tmp/out" | head -20
  failures=$((failures + 1))
}
