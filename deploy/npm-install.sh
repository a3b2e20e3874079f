#!/usr/bin/env bash
# The npm projects the checks and tests use (the AsyncAPI parser, axe-core), exactly as their
# committed locks say; a project whose lock is installed already is skipped.
set -euo pipefail
for project in "$@"; do
  installed="$project/node_modules/.installed-package-lock.json"
  if ! cmp -s "$project/package-lock.json" "$installed"; then
    npm ci --prefix "$project" --ignore-scripts --no-audit --no-fund --silent
    cp "$project/package-lock.json" "$installed"
  fi
done
