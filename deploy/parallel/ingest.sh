#!/usr/bin/env bash
# Ingest a corpus on a few machines with GNU parallel over ssh, then merge.
#
#   deploy/parallel/ingest.sh --sshlogin LOGINS CORPUS OUTDIR [SHARDS]
#
# LOGINS is GNU parallel's list: "4/alice@host1,4/host2,:" (":" is this
# host, "4/" the jobs it runs at once). CORPUS, OUTDIR and the minutebook
# binary (MINUTEBOOK, default: minutebook on PATH) must be at the same path
# on every host (a shared file system). SHARDS defaults to 16: more shards
# than hosts evens out uneven shards. The line it runs is:
#
#   seq 0 $((N-1)) | parallel --sshlogin LOGINS --halt now,fail=1 \
#     'minutebook ingest CORPUS --shard {}/N --db OUTDIR/shard-{}.db -q; [ $? -le 1 ]'
#   minutebook merge --into OUTDIR/minutebook.db OUTDIR/shard-*.db
#
# (exit 1 of ingest means some input files failed; they are recorded and
# merged, so the shard counts as done.)
set -euo pipefail
if [[ "${1:-}" != "--sshlogin" ]] || (($# < 4 || $# > 5)); then
  echo "usage: $0 --sshlogin LOGINS CORPUS OUTDIR [SHARDS]" >&2
  exit 2
fi
logins=$2
corpus=$(realpath "$3")
mkdir -p "$4"
outdir=$(realpath "$4")
n=${5:-16}
if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: SHARDS must be a positive number, got '$n'" >&2
  exit 2
fi
mb=$(command -v "${MINUTEBOOK:-minutebook}") || {
  echo "$0: ${MINUTEBOOK:-minutebook}: not found (set MINUTEBOOK)" >&2
  exit 2
}
q() { printf '%q' "$1"; }
seq 0 $((n - 1)) | parallel --will-cite --sshlogin "$logins" --halt now,fail=1 \
  "$(q "$mb") ingest $(q "$corpus") --shard {}/$n --db $(q "$outdir")/shard-{}.db -q; [ \$? -le 1 ]"
shard_files=()
for ((k = 0; k < n; k++)); do shard_files+=("$outdir/shard-$k.db"); done
"$mb" merge --into "$outdir/minutebook.db" "${shard_files[@]}"
