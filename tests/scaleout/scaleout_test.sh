#!/usr/bin/env bash
# Scale-out end to end (issue 14): the corpus ingested as 4 shards and merged
# must answer exactly as one single-machine ingest does (tests/scaleout/compare.py).
#
#   scaleout_test.sh reference MINUTEBOOK SOURCE_DIR WORK_DIR   one ingest of corpus/ (the fixture)
#   scaleout_test.sh slurm     MINUTEBOOK SOURCE_DIR WORK_DIR   deploy/slurm/ingest-array.sh on a private one-node Slurm
#   scaleout_test.sh parallel  MINUTEBOOK SOURCE_DIR WORK_DIR   the GNU parallel line of deploy/parallel, on localhost
#
# The slurm mode installs slurm-wlm and munge when missing (as .ci/install-deps
# does), starts munged, slurmctld and slurmd in the background with their
# configuration, state and sockets in a temporary folder, and stops exactly
# those daemons (by the pids they wrote) on any exit. Every wait is bounded.
set -euo pipefail
mode=$1 mb=$2 src=$3 work=$4
shards=4
mkdir -p "$work"
ref=$work/reference.db
say() { echo "scaleout[$mode]: $*"; }

case "$mode" in
reference)
  rm -f "$ref" "$ref"-wal "$ref"-shm
  timeout 900 "$mb" ingest "$src/corpus" --db "$ref" -q && rc=0 || rc=$?
  ((rc <= 1)) || { say "reference ingest failed ($rc)"; exit 1; }
  say "reference: $("$mb" stats --db "$ref" | head -2 | tr '\n' ' ')"
  exit 0
  ;;
slurm | parallel) ;;
*)
  echo "usage: $0 reference|slurm|parallel MINUTEBOOK SOURCE_DIR WORK_DIR" >&2
  exit 2
  ;;
esac
[[ -f "$ref" ]] || { say "no reference index (the scaleout.reference test makes it)"; exit 1; }

run_dir=$(mktemp -d "$work/$mode.XXXXXX")
out=$run_dir/out
mkdir -p "$out"

if [[ "$mode" == parallel ]]; then
  command -v parallel >/dev/null || bash "$src/.ci/install-deps"
  # The line of deploy/parallel/README.md with ":" (this host) as the only
  # sshlogin: the same command, without ssh.
  export MINUTEBOOK=$mb
  timeout 900 bash "$src/deploy/parallel/ingest.sh" --sshlogin : "$src/corpus" "$out" "$shards"
  python3 "$src/tests/scaleout/compare.py" "$mb" "$ref" "$out/minutebook.db"
  rm -rf "$run_dir"
  exit 0
fi

# --- slurm: a private one-node cluster ---------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  say "installing slurm-wlm and munge"
  timeout 900 bash "$src/.ci/install-deps"
fi
t=$(mktemp -d /tmp/mb-slurm.XXXXXX)
chmod 700 "$t"
pids=()
submit_pid=""
cleanup() {
  # The submission still waiting, if any: `timeout` leads its own process
  # group (timeout, the script, sbatch --wait).
  [[ -n "$submit_pid" ]] && kill -TERM -- "-$submit_pid" 2>/dev/null
  # Only the daemons this script started, by the pids they wrote.
  for f in "$t/slurmd.pid" "$t/slurmctld.pid" "$t/munged.pid"; do
    [[ -s "$f" ]] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ "${keep_logs:-0}" == 1 ]]; then
    for l in "$t"/*.log "$out"/*.log; do [[ -f "$l" ]] && { echo "--- $l"; tail -20 "$l"; }; done
  fi
  rm -rf "$t"
}
trap cleanup EXIT
# A timeout (ctest's) or ^C stops the test: the EXIT trap still stops the
# daemons, and long waits run as `cmd & wait`, which a signal interrupts.
trap 'exit 143' TERM INT
keep_logs=1  # until the end: a failure shows the daemons' logs

# munge: its own key, socket and files
mkdir -p "$t/munge"
chmod 700 "$t/munge"
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$t/munge/munge.key" --force
else
  create-munge-key -f >/dev/null 2>&1 || true
  dd if=/dev/urandom bs=1 count=1024 of="$t/munge/munge.key" 2>/dev/null
fi
chmod 400 "$t/munge/munge.key"
socket=$t/munge/munge.socket
# --force: munged refuses root and a key under a world-writable /tmp otherwise.
munged --force --key-file="$t/munge/munge.key" --socket="$socket" --pid-file="$t/munged.pid" \
  --log-file="$t/munged.log" --seed-file="$t/munge/seed"
timeout 20 bash -c "until [[ -S '$socket' ]]; do sleep 0.1; done" || { say "munged did not start"; exit 1; }

# Free TCP ports for slurmctld and slurmd (another cluster may use the defaults).
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
node=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
mkdir -p "$t/state" "$t/spool"
cat >"$t/slurm.conf" <<CONF
ClusterName=mbtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$t/state
SlurmdSpoolDir=$t/spool
SlurmctldPidFile=$t/slurmctld.pid
SlurmdPidFile=$t/slurmd.pid
SlurmctldLogFile=$t/slurmctld.log
SlurmdLogFile=$t/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=mbtest Nodes=$node Default=YES MaxTime=60 State=UP
CONF
export SLURM_CONF=$t/slurm.conf
slurmctld -f "$SLURM_CONF" -i
slurmd -f "$SLURM_CONF"
timeout 60 bash -c 'until sinfo -h -o %T 2>/dev/null | grep -Eq "^(idle|mixed)"; do sleep 0.5; done' || {
  say "the node did not come up: $(sinfo 2>&1 | tail -1)"
  exit 1
}
say "one-node cluster up ($node, $cpus CPUs, ports $ctld_port/$slurmd_port)"

export MINUTEBOOK=$mb MB_CPUS=1
# --wait: blocks until the merge job ends and exits with its status; the
# timeout bounds it (a job that hangs is cancelled below).
timeout 900 bash "$src/deploy/slurm/ingest-array.sh" --wait "$src/corpus" "$out" "$shards" &
submit_pid=$!
if ! wait "$submit_pid"; then
  submit_pid=""
  say "the array or merge job failed"
  scancel --user=root 2>/dev/null || true
  exit 1
fi
submit_pid=""
for k in $(seq 0 $((shards - 1))); do [[ -f "$out/shard-$k.db" ]] || { say "shard $k missing"; exit 1; }; done
python3 "$src/tests/scaleout/compare.py" "$mb" "$ref" "$out/minutebook.db"
keep_logs=0
rm -rf "$run_dir"
