#!/usr/bin/env bash
# The machine needs Python 3.11, Java 17+ (the Kafka broker), Maven (to fetch Kafka's jars) and
# Node.js with npm (the AsyncAPI parser and axe-core); the console's browser tests need Chromium, the
# progress letter's tests poppler-utils (pdftotext).
set -euo pipefail
missing=()
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1 || true)
if [ -z "${java_major}" ] || [ "${java_major}" -lt 17 ]; then missing+=("Java 17 or newer (java)"); fi
command -v mvn >/dev/null 2>&1 || missing+=("Apache Maven (mvn)")
command -v npm >/dev/null 2>&1 || missing+=("Node.js with npm (npm)")
command -v pdftotext >/dev/null 2>&1 || missing+=("poppler-utils (pdftotext)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'CareCoord needs: %s\n' "${missing[@]}" >&2
  printf 'On Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless maven nodejs npm chromium poppler-utils\n' >&2
  exit 1
fi
