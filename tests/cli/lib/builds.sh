# tests/cli/lib/builds.sh: sourced by tests/run.sh and the cli tests that tell the builds apart: which pass runs them (charte_in_san_pass), and the normal and ThreadSanitizer builds beside the one under test (charte_normal, charte_tsan), refused loudly when missing.
# Sourced, not run (tests/run.sh runs only tests/cli/*.sh). Needs $CHARTE, or each function its BIN.
#
# The layout is the Makefile's: BUILD/charte (the normal build), BUILD/san/charte (ASan and
# UBSan, no GC), BUILD/tsan/charte (ThreadSanitizer, no GC). tests/run.sh runs each script with
# CHARTE=BUILD/charte, then with CHARTE=BUILD/san/charte: the sanitizer pass, which may sample
# (tests/README.md) and runs the ThreadSanitizer cases. Any other binary (a mutant's build, the
# GC stress build) is taken for a normal one: it is its own oracle, as in the normal pass.

# charte_kind [BIN]: sets charte_kind to san, tsan or normal, the build BIN ($CHARTE when not
# given; any word: fixture asks of each of its words) is. A variable, not printed: fils_plan asks
# at each call, and a $(…) is a fork.
charte_kind() {
  case ${1-$CHARTE} in
    */san/charte) charte_kind=san ;;
    */tsan/charte) charte_kind=tsan ;;
    *) charte_kind=normal ;;
  esac
}

# charte_in_san_pass [BIN]: status 0 when BIN ($CHARTE) is the ASan+UBSan build, that is, with
# no BIN, when the script runs in the sanitizer pass.
charte_in_san_pass() { charte_kind "$@"; [ "$charte_kind" = san ]; }

# charte_normal [BIN]: prints the normal build for BIN ($CHARTE): BIN itself, or, for a
# sanitizer build, the charte of the folder above it (BUILD/charte): the oracle whose answers the
# normal pass has checked. When it is not there, says so on stderr and returns 1, so that the
# caller (oracle=$(charte_normal) || exit 1) fails rather than compare the sanitizer build with
# itself, or with nothing.
charte_normal() {
  local bin=${1:-$CHARTE} normal
  charte_kind "$bin"
  if [ "$charte_kind" = normal ]; then normal=$bin; else normal=${bin%/*/charte}/charte; fi
  [ -x "$normal" ] || { echo "build normal absent : $normal (make all), attendu à côté de $bin" >&2; return 1; }
  printf '%s\n' "$normal"
}

# charte_tsan: prints the ThreadSanitizer build beside $CHARTE (BUILD/tsan/charte) in the
# sanitizer pass, and nothing (status 0) in any other: its runs do not depend on the binary under
# test, so they are made once, in that pass (make test builds it; make test-fast runs no
# sanitizer pass). When the sanitizer pass finds it missing, says so on stderr and returns 1
# (TSAN=$(charte_tsan) || exit 1), rather than leave its cases out unsaid.
charte_tsan() {
  charte_in_san_pass || return 0
  local tsan=${CHARTE%/san/charte}/tsan/charte
  [ -x "$tsan" ] || { echo "build ThreadSanitizer absent : $tsan (make tsan), attendu à côté de $CHARTE" >&2; return 1; }
  printf '%s\n' "$tsan"
}
