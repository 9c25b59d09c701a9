#!/usr/bin/env bash
# tests/cli/sortie-signaux.sh: SIGINT, SIGTERM or SIGHUP (and SIGKILL) in the middle of writing the report leaves nothing behind and the previous report intact, with O_TMPFILE and with the named fallback (after SIGKILL, a temporary that names its run, removed by the next write when abandoned); the same for eval's several reports of one run (-o three times), and for explain -o. charte is held in the middle of its writes by a seccomp listener of the test: nothing is timed or polled.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
. "$ROOT/tests/cli/lib/hostile.sh"

# 20 000 contracts: a JSON report of about 12 MB, written in 4 KB pieces.
n=20000
charte_in_san_pass && n=8000
mkdir -p "$tmp/d" "$tmp/out"
perl -e 'print "marche;intitule;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\n";
         print "M$_;Marché $_;nettoyage;Bailleur $_;aix;100000;01/02/2024;1000\n" for 1..$ARGV[0]' "$n" >"$tmp/d/marches.csv"
printf 'participant;sexe;date_naissance;qpv;date_entree\n' >"$tmp/d/participants.csv"
printf 'marche;participant;mois;heures;modalite\n' >"$tmp/d/heures.csv"
printf 'rapport précédent\n' >"$tmp/out/r.json"

# hold DIR NAME PROGRAM ARG...: runs PROGRAM (stdout and stderr to /dev/null) with its write(2)
# calls to descriptors 3 and up held by a seccomp listener: the first write into a file of DIR
# other than DIR/NAME (the temporary: named, or unnamed and shown as deleted) goes through, the
# next one is held, unanswered, and hold prints PROGRAM's pid on stdout and closes it. PROGRAM is
# then provably in the middle of writing the report, bytes in its temporary, and stays there
# until a signal ends it, however loaded the machine: nothing is timed or polled. hold exits with
# PROGRAM's status (128 + N for signal N); when PROGRAM ends without writing twice there, it
# prints nothing. It puts the default actions of SIGINT, SIGTERM and SIGHUP back first: a
# background job of a script starts with SIGINT ignored, a run under nohup with SIGHUP ignored,
# and charte keeps a signal ignored as it found it.
cat >"$tmp/hold.c" <<'C'
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 4)
        return 125;
    size_t dlen = strlen(argv[1]);
    char skip[4096];
    snprintf(skip, sizeof skip, "%s/%s", argv[1], argv[2]);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    struct sock_filter code[] = {   /* write(fd >= 3, ...): to the listener; anything else: allowed */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_write, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 3, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof code / sizeof code[0], code };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) { perror("hold: no_new_privs"); return 125; }
    /* The filter is this process's too: from here it writes to descriptors 0 to 2 only. */
    int listener = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    if (listener < 0) { perror("hold: seccomp"); return 125; }
    pid_t pid = fork();
    if (pid < 0) { perror("hold: fork"); return 125; }
    if (pid == 0) {
        close(listener);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        close(null);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    /* This process holds the filter too, so the listener never hangs up: the
    ** program's end is seen through its pidfd. */
    int pidfd = (int)syscall(__NR_pidfd_open, pid, 0);
    if (pidfd < 0) { perror("hold: pidfd_open"); kill(pid, SIGKILL); return 125; }
    int seen = 0;
    for (;;) {
        struct pollfd p[2] = { { listener, POLLIN, 0 }, { pidfd, POLLIN, 0 } };
        if (poll(p, 2, -1) < 0)
            continue;
        if (!(p[0].revents & POLLIN))
            break;   /* the program has ended */
        struct seccomp_notif req;
        memset(&req, 0, sizeof req);
        if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0)
            continue;
        char fd[64], link[4096];
        snprintf(fd, sizeof fd, "/proc/%d/fd/%llu", (int)req.pid, (unsigned long long)req.data.args[0]);
        ssize_t n = readlink(fd, link, sizeof link - 1);
        link[n > 0 ? n : 0] = '\0';
        if (n > 0 && strncmp(link, argv[1], dlen) == 0 && link[dlen] == '/' && strcmp(link, skip) != 0
            && ++seen >= 2) {
            /* Held, and every later one (a write restarted after a signal the
            ** program handles and survives, the GC's, comes again). */
            if (seen == 2) {
                printf("%d\n", (int)pid);
                fclose(stdout);
            }
            continue;
        }
        struct seccomp_notif_resp resp;
        memset(&resp, 0, sizeof resp);
        resp.id = req.id;
        resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        (void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
C
cc -std=c11 -O1 -o "$tmp/hold" "$tmp/hold.c" || { echo "hold.c ne compile pas"; exit 1; }
mkfifo "$tmp/held"

# start_held [ENV]: starts charte "${run[@]}" -o out/r.json "${more[@]}" under hold in the
# background (its status: $holder) and sets pid to charte's, once it is held in the middle of
# writing; pid is empty when the run ended first (a failure: the report is far larger than one
# write).
start_held() {
  "$tmp/hold" "$(cd "$tmp/out" && pwd -P)" r.json env $1 "$CHARTE" "${run[@]}" -o "$tmp/out/r.json" "${more[@]}" >"$tmp/held" &
  holder=$!
  pid=
  read -r pid <"$tmp/held"
}

# What is interrupted: eval's report (then explain's explanation, below).
more=()
run=(eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/d" --au 31/12/2025 --format json)

# interrupt SIGNAL [ENV]: starts charte "${run[@]}" -o out/r.json, holds it in the middle
# of writing the report, sends SIGNAL, and checks that out/ holds only the previous r.json.
interrupt() {
  local sig=$1 env=${2:-} rc
  start_held "$env"
  if [ -z "$pid" ]; then
    wait $holder
    echo "$sig $env : écriture du rapport jamais saisie"; failures=$((failures + 1))
    find "$tmp/out" -mindepth 1 ! -name r.json -delete
    printf 'rapport précédent\n' >"$tmp/out/r.json"
    return
  fi
  kill -s "$sig" $pid
  wait $holder; rc=$?
  [ $rc -ge 128 ] || { echo "$sig $env : code $rc (tué par le signal attendu)"; failures=$((failures + 1)); }
  left=$(cd "$tmp/out" && ls -A)
  if [ "$left" != r.json ] || [ "$(cat "$tmp/out/r.json")" != 'rapport précédent' ]; then
    echo "$sig $env : reste après le signal : $left ($(head -c 80 "$tmp/out/r.json"))"; failures=$((failures + 1))
    find "$tmp/out" -mindepth 1 ! -name r.json -delete
    printf 'rapport précédent\n' >"$tmp/out/r.json"
  fi
}

for sig in INT TERM HUP; do
  interrupt $sig
  interrupt $sig CHARTE_OUTPUT_NO_TMPFILE=1
done
# An unnamed file disappears with the process, however it dies.
interrupt KILL

# SIGKILL with the named temporary: no handler runs, so the temporary stays, named
# .charte-PID-r.json.XXXXXX (the run, the file it was to become). The next write of
# r.json removes it, since its run is over and its lock gone; it leaves alone the
# same name held by a live process's lock (flock), of a process that still exists,
# and another target's.
start_held CHARTE_OUTPUT_NO_TMPFILE=1
if [ -n "$pid" ]; then
  kill -KILL $pid; wait $holder
  left=$(cd "$tmp/out" && ls -A | grep -v '^r\.json$')
  [[ $left =~ ^\.charte-$pid-r\.json\.[A-Za-z0-9]{6}$ ]] || { echo "KILL sans O_TMPFILE : reste « $left », .charte-$pid-r.json.XXXXXX attendu"; failures=$((failures + 1)); }
  gone=$(sh -c 'echo $$')                       # a process number that no longer runs
  : >"$tmp/out/.charte-$gone-r.json.verrou"     # its lock held by a live process: kept
  : >"$tmp/out/.charte-$$-r.json.vivant"        # a process of that number exists: kept
  : >"$tmp/out/.charte-$gone-autre.json.Ab12Cd" # another target's: kept
  # The live process holding the lock is this shell: flock on a descriptor of its own, held
  # before charte starts (flock returns once it holds it) and until after it ends, not passed
  # to charte (whose copy would hold it too), let go by closing it.
  exec {lock}<"$tmp/out/.charte-$gone-r.json.verrou"
  flock -x $lock
  "$CHARTE" "${run[@]}" -o "$tmp/out/r.json" >/dev/null 2>&1 {lock}<&-
  exec {lock}<&-
  left=$(cd "$tmp/out" && ls -A | sort | tr '\n' ' ')
  want=$(printf '%s\n' ".charte-$gone-autre.json.Ab12Cd" ".charte-$gone-r.json.verrou" ".charte-$$-r.json.vivant" r.json | sort | tr '\n' ' ')
  [ "$left" = "$want" ] ||
    { echo "après l'écriture suivante : $left"; failures=$((failures + 1)); }
  rm -f "$tmp/out"/.charte-*
else
  wait $holder
  echo "KILL sans O_TMPFILE : écriture du rapport jamais saisie"; failures=$((failures + 1))
fi

# And the report, once written whole, replaces the previous one.
"$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/d" --au 31/12/2025 --format json -o "$tmp/out/r.json" 2>/dev/null
grep -q '"marche": "M1"' "$tmp/out/r.json" && [ "$(ls -A "$tmp/out")" = r.json ] ||
  { echo "rapport complet absent"; ls -la "$tmp/out"; failures=$((failures + 1)); }

# Several reports of one run (-o three times, each format by its extension): all prepared
# before any work, so that the two others' temporaries exist while the JSON one is written;
# a signal leaves none of them, each named one removed by the handler (a slot each).
run=(eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/d" --au 31/12/2025)
more=(-o "$tmp/out/a.csv" -o "$tmp/out/b.html")
printf 'rapport précédent\n' >"$tmp/out/r.json"
interrupt TERM
interrupt INT CHARTE_OUTPUT_NO_TMPFILE=1
interrupt HUP CHARTE_OUTPUT_NO_TMPFILE=1
more=()

# explain -o writes through the same file: one contract with as many hour lines, an
# explanation of a few MB, interrupted the same way.
mkdir -p "$tmp/e"
head -2 "$tmp/d/marches.csv" >"$tmp/e/marches.csv"; cp "$tmp/d/participants.csv" "$tmp/e/"
perl -e 'print "marche;participant;mois;heures;modalite\n"; print "M1;P$_;03/2024;7;etti\n" for 1..$ARGV[0]' "$n" >"$tmp/e/heures.csv"
run=(explain "$ROOT/examples/amp/amp.charte" --donnees "$tmp/e" --au 31/12/2025 --format json M1)
printf 'rapport précédent\n' >"$tmp/out/r.json"
interrupt INT
interrupt TERM CHARTE_OUTPUT_NO_TMPFILE=1
interrupt KILL
"$CHARTE" "${run[@]}" -o "$tmp/out/r.json" 2>/dev/null
[ "$(jq '[.. | objects | select(.etape == "ligne")] | length' "$tmp/out/r.json")" = "$n" ] && [ "$(ls -A "$tmp/out")" = r.json ] ||
  { echo "explication complète absente"; ls -la "$tmp/out"; failures=$((failures + 1)); }

[ $failures -eq 0 ]
