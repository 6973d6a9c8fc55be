#!/usr/bin/env bash
# The project's test command (the README's second command; CI runs it from .ci/run).
#  (a) nbdev_clean must change no notebook
#  (b) nbdev_export must change no module ("notebooks and library are not in sync")
#  (c) nbdev_test runs every notebook (cells flagged slow/cuda are skipped unless asked for)
#  (d) pytest runs tests/ (no collected test counts as a failure)
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ] && [ -x .venv/bin/python ]; then export PATH="$PWD/.venv/bin:$PATH"; fi
export IMGEN_PROGRESS=${IMGEN_PROGRESS:-0} MPLBACKEND=Agg PYTHONDONTWRITEBYTECODE=1
export IMGEN_CACHE=${IMGEN_CACHE:-$PWD/.cache/imgen_nb}
fail() { echo "FAILED: $*" >&2; exit 1; }

snapshot() { git status --porcelain --untracked-files=all -- nbs imgen_nb README.md | sort; git diff -- nbs imgen_nb | md5sum; }

# run a command that must leave the notebooks, the library and the README as they are
unchanged() {  # unchanged LABEL "FAILURE MESSAGE" COMMAND...
  local label=$1 msg=$2; shift 2
  echo "== $label"
  local before; before=$(snapshot)
  "$@" || fail "$* crashed"
  if [ "$before" != "$(snapshot)" ]; then git --no-pager diff --stat -- nbs imgen_nb; fail "$msg"; fi
}
unchanged "(a) nbdev_clean changes nothing" \
  "nbdev_clean changed notebooks: the notebooks are not clean (run nbdev_clean and commit)" nbdev_clean
unchanged "(b) nbdev_export changes nothing" \
  "notebooks and library are not in sync: nbdev_export changed imgen_nb/ (edit the notebooks, never the generated files, then run nbdev_export)" nbdev_export

echo "== (c) nbdev_test"
nbdev_test --n_workers "${NBDEV_WORKERS:-2}" --timing ${NBDEV_FLAGS:+--flags "$NBDEV_FLAGS"} || fail "nbdev_test: a notebook's tests failed"

echo "== (d) pytest tests"
python -m pytest tests -ra "$@"
rc=$?
[ $rc -eq 5 ] && fail "pytest collected no tests"
[ $rc -ne 0 ] && fail "pytest exited with $rc"
echo "All tests passed."
