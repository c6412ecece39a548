# shellcheck shell=bash
# Shared by the dev-Slurm scripts: one instance = one overlay over the cached chroot, named by its REST port.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${SKALER_SLURM_PORT:-6820}"
CACHE_BASE="${SKALER_SLURM_CACHE:-/var/cache/skaler}"
STATE_BASE="${SKALER_SLURM_STATE:-/var/lib/skaler-dev-slurm}"
INSTANCE="$STATE_BASE/$PORT"
ROOT="$INSTANCE/root"
CHROOT_PATH=/usr/sbin:/usr/bin:/sbin:/bin

# The Slurm release: SKALER_SLURM=24.11|26.05, or --slurm RELEASE as a script's first argument (default 24.11).
# Each is Debian's own packages of one suite; debootstrap on Debian 12 has no forky script, so forky uses sid's.
if [[ ${1:-} == --slurm ]]; then export SKALER_SLURM=${2:?--slurm needs a release: 24.11 or 26.05}; shift 2; fi
if [[ ${1:-} == --slurm=* ]]; then export SKALER_SLURM=${1#--slurm=}; shift; fi
select_release() {
  RELEASE=$1
  case "$RELEASE" in
    24.11) SUITE=trixie SUITE_SCRIPT="" ;;
    26.05) SUITE=forky SUITE_SCRIPT=/usr/share/debootstrap/scripts/sid ;;
    *) echo "$(basename "$0"): SKALER_SLURM=$RELEASE is not a release this script runs: 24.11 or 26.05" >&2; exit 1 ;;
  esac
}
select_release "${SKALER_SLURM:-24.11}"

# Names as Slinky's chart and slurm-operator make them: NodeSet <release>-worker-<key> with pod template hostname
# "<key>-", so pod slurm-worker-gpu-h100-3 is Slurm node gpu-h100-3 (the hostname plus the ordinal), and the Slurm
# Nodeset, the feature that selects it and the partition are the hostname without its dash: gpu-h100.
POD_PREFIX=slurm-worker-
GPU_SET=gpu-h100
TRN_SET=trn1
GPU_PLACEHOLDERS=16   # State=FUTURE nodes gpu-h100-0..15; higher ordinals join as dynamic nodes
TRN_PLACEHOLDERS=8
MAX_ORDINAL=39        # each NodeSet owns 40 slurmd ports

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { echo "$(basename "$0"): $*" >&2; }

require_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (chroot, mount and mknod need it); try: sudo $0 $*"; }
require_debootstrap() { command -v debootstrap >/dev/null || die "debootstrap is missing; install it: apt-get install -y debootstrap"; }
require_port_number() { [[ $PORT =~ ^[0-9]+$ ]] && ((PORT >= 1024 && PORT <= 65000)) || die "SKALER_SLURM_PORT=$PORT is not a port in 1024..65000"; }

# Ports of an instance: REST = PORT, slurmctld = PORT+1, cpu-0 = PORT+2, slurmdbd = PORT+3, MariaDB = PORT+4 (accounting),
# gpu-h100 ordinals PORT+10.., trn1 PORT+50..
ctld_port() { echo $((PORT + 1)); }
node_port() {
  local name=$1 ord
  case "$name" in
    cpu-0) echo $((PORT + 2)); return ;;
    "$POD_PREFIX"*) die "'$name' is a pod name; the scripts take the Slurm node name: ${name#"$POD_PREFIX"}" ;;
    "$GPU_SET"-*) ord=${name#"$GPU_SET"-}; [[ $ord =~ ^[0-9]+$ ]] && ((10#$ord <= MAX_ORDINAL)) && { echo $((PORT + 10 + 10#$ord)); return; } ;;
    "$TRN_SET"-*) ord=${name#"$TRN_SET"-}; [[ $ord =~ ^[0-9]+$ ]] && ((10#$ord <= MAX_ORDINAL)) && { echo $((PORT + 50 + 10#$ord)); return; } ;;
  esac
  die "unknown node '$name': expected cpu-0, $GPU_SET-<0..$MAX_ORDINAL> or $TRN_SET-<0..$MAX_ORDINAL>"
}

port_in_use() { # true when something listens on 127.0.0.1:$1 (or on all addresses)
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
require_free_port() { port_in_use "$1" && die "port $1 on 127.0.0.1 is taken ($2); stop what uses it or pick another SKALER_SLURM_PORT"; return 0; }

# The cached chroot for the current recipe: the build script, the package list and the release's suite are the recipe.
recipe_hash() { { cat "$HERE/build" "$HERE/packages.txt"; echo "$RELEASE $SUITE $SUITE_SCRIPT"; } | sha256sum | cut -c1-12; }
base_chroot() { echo "$CACHE_BASE/slurm-$(recipe_hash)"; }

is_mounted() { findmnt -rn --mountpoint "$1" >/dev/null 2>&1; }
is_running() { [[ -n ${1:-} && -d /proc/$1 ]]; }
# The first line only: slurmctld 26.05's reconfigure rewrites its pid file in place without truncating it (Slurm
# src/common/daemonize.c update_pidfile), so a shorter new pid leaves the old one's tail on a second line.
pid_from() { [[ -s $1 ]] && head -n 1 "$1" | tr -dc 0-9 || true; }

# Runs a command inside the instance with a clean environment; as USER when --user USER comes first.
in_root() {
  local spec=()
  if [[ ${1:-} == --user ]]; then spec=(--userspec="$2:$2"); shift 2; fi
  chroot "${spec[@]}" "$ROOT" /usr/bin/env -i PATH="$CHROOT_PATH" LANG=C.UTF-8 "$@"
}

# Processes whose root directory is this instance: daemons, slurmstepd and the jobs they started.
pids_in_root() {
  find /proc -mindepth 2 -maxdepth 2 -name root -lname "$ROOT" 2>/dev/null | cut -d/ -f3 || true
}

# The release the instance was last started with (start records it), whatever SKALER_SLURM says now.
adopt_instance_release() { [[ ! -s $INSTANCE/release ]] || select_release "$(cat "$INSTANCE/release")"; }

# `scontrol reconfigure` re-execs slurmctld: for a moment the pid file names the old, gone process. Wait for the new
# one (up to 60 s, a loaded machine) before saying that no Slurm runs.
require_running() {
  local deadline=$((SECONDS + 60))
  is_mounted "$ROOT" || die "no dev Slurm runs on port $PORT; start it: $HERE/start"
  until is_running "$(pid_from "$ROOT/run/slurmctld/slurmctld.pid")"; do
    ((SECONDS < deadline)) || die "no dev Slurm runs on port $PORT; start it: $HERE/start"
    sleep 0.2
  done
}

# Accounting (opt-in): MariaDB and slurmdbd of the instance, on 127.0.0.1 like the other daemons.
DB_NAME=slurm_acct_db
DB_USER=slurm
DB_PASSWORD=skaler-dev # a throw-away database on 127.0.0.1 of a test chroot
dbd_port() { echo $((PORT + 3)); }
mariadb_port() { echo $((PORT + 4)); }
