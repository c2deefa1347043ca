#!/usr/bin/env bash
# Ingest a corpus on a Slurm cluster: an array job with one task per shard,
# then a merge job that runs only if every task succeeded.
#
#   deploy/slurm/ingest-array.sh [--wait] CORPUS OUTDIR [SHARDS]
#
# CORPUS and OUTDIR must be on a file system every node sees, at the same
# path (the index stores absolute paths). Task K writes OUTDIR/shard-K.db
# (re-runnable: a task run again reads only what changed); the merge job
# writes OUTDIR/minutebook.db. SHARDS defaults to 16.
#
# Environment: MINUTEBOOK (the binary, default: minutebook on PATH),
# MB_CPUS (CPUs per task, default 4), MB_INGEST_ARGS (more ingest flags, e.g.
# "--public"), MB_SBATCH_ARGS (more sbatch flags: partition, account, time).
# sbatch itself reads SBATCH_* variables as usual.
#
# With --wait the script blocks until the merge job has finished and exits
# with its status (used by tests/scaleout).
set -euo pipefail

# --- inside a task of the array: ingest shard K of N ---------------------
if [[ -n "${SLURM_ARRAY_TASK_ID:-}" && "${1:-}" == "--task" ]]; then
  corpus=$2 outdir=$3
  k=$SLURM_ARRAY_TASK_ID n=$SLURM_ARRAY_TASK_COUNT
  # shellcheck disable=SC2086  # MB_INGEST_ARGS is a list of flags
  "${MINUTEBOOK:-minutebook}" ingest "$corpus" --shard "$k/$n" --db "$outdir/shard-$k.db" \
    --jobs "${SLURM_CPUS_PER_TASK:-1}" -q ${MB_INGEST_ARGS:-} && rc=0 || rc=$?
  # Exit 1 means some input files failed: they are recorded in the shard's
  # failures table and merged like the rest, so the task has succeeded.
  ((rc <= 1)) || exit "$rc"
  exit 0
fi

# --- on the submit host ----------------------------------------------------
wait_flag=()
if [[ "${1:-}" == "--wait" ]]; then
  wait_flag=(--wait)
  shift
fi
if (($# < 2 || $# > 3)); then
  echo "usage: $0 [--wait] CORPUS OUTDIR [SHARDS]" >&2
  exit 2
fi
corpus=$(realpath "$1")
mkdir -p "$2"
outdir=$(realpath "$2")
shards=${3:-16}
if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: SHARDS must be a positive number, got '$shards'" >&2
  exit 2
fi
mb=$(command -v "${MINUTEBOOK:-minutebook}") || {
  echo "$0: ${MINUTEBOOK:-minutebook}: not found (set MINUTEBOOK)" >&2
  exit 2
}
export MINUTEBOOK=$mb
# shellcheck disable=SC2206  # a list of flags
extra=(${MB_SBATCH_ARGS:-})

array_id=$(sbatch --parsable --job-name=mb-ingest --array="0-$((shards - 1))" \
  --cpus-per-task="${MB_CPUS:-4}" --output="$outdir/ingest-%a.log" --export=ALL "${extra[@]}" \
  "$(realpath "$0")" --task "$corpus" "$outdir")
array_id=${array_id%%;*}
echo "ingest array job $array_id: $shards shards of $corpus into $outdir"

# afterok: only when every task exited 0; a failed dependency cancels the
# merge instead of leaving it pending for ever.
shard_files=()
for ((k = 0; k < shards; k++)); do shard_files+=("$outdir/shard-$k.db"); done
merge_cmd=$(printf '%q ' "$mb" merge --into "$outdir/minutebook.db" "${shard_files[@]}")
merge_id=$(sbatch --parsable --job-name=mb-merge --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --cpus-per-task=1 --output="$outdir/merge.log" --export=ALL "${extra[@]}" "${wait_flag[@]}" \
  --wrap "$merge_cmd") && rc=0 || rc=$?
echo "merge job ${merge_id%%;*} into $outdir/minutebook.db (after $array_id)"
exit "$rc"
