#!/usr/bin/env bash
# The cluster check of docs/cluster.md: a sweep run by two MPI ranks writes the same bytes as one
# process. Usage: mpi_identical_bytes.sh XSELLSIM MPIEXEC SCENARIO
set -euo pipefail
xsellsim=$1 mpiexec=$2 scenario=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

as_root=()
[[ $(id -u) == 0 ]] && as_root=(--allow-run-as-root)  # Open MPI refuses root without it
common=(run "$scenario" --set population.size=3000 --replications 2 --threads 1 -q)

"$xsellsim" "${common[@]}" -o "$work/one.h5"
"$mpiexec" -n 2 --oversubscribe "${as_root[@]}" "$xsellsim" "${common[@]}" -o "$work/two.h5"
cmp "$work/one.h5" "$work/two.h5"
echo "mpirun -n 2 and one process wrote identical files ($(stat -c %s "$work/one.h5") bytes)"
