# tests/cli/lib/same-later.sh: sourced by the tests that compare many pairs of files: each pair noted (same_later), all of them compared at once by one md5sum (same_now), where a cmp a pair was a fork and exec of some 7 ms of processor (journal, `suite22`). Sets fail=1.
# Sourced, not run: tests/run.sh runs only tests/cli/*.sh.
same_pairs=() same_said=()

# same_later A B MESSAGE: A and B are to be the same, byte for byte; otherwise same_now says MESSAGE and the
# first lines of their diff. Neither file may change before same_now.
same_later() { same_pairs+=("$1" "$2"); same_said+=("$3"); }

# same_now: every pair noted since the last call compared, by one md5sum of all the files: a file missing or
# unreadable leaves its line out, and the count of sums, wrong, fails the whole comparison.
same_now() {
  local sums=() i k=${#same_pairs[@]}
  [ "$k" -gt 0 ] || return 0
  mapfile -t sums < <(md5sum -- "${same_pairs[@]}")
  if [ ${#sums[@]} != "$k" ]; then
    echo "fichiers non comparés : ${#sums[@]} sommes pour $k fichiers"; fail=1
  else
    for i in "${!same_said[@]}"; do
      [ "${sums[2 * i]%% *}" = "${sums[2 * i + 1]%% *}" ] && continue
      echo "${same_said[i]}"
      diff -a "${same_pairs[2 * i]}" "${same_pairs[2 * i + 1]}" | head -6
      fail=1
    done
  fi
  same_pairs=() same_said=()
}
