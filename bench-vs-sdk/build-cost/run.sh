#!/usr/bin/env bash
# Build cost of a DescribeFleets program: `appstream` (this project) against
# aws-sdk-appstream + aws-config. Takes minutes; see run.py for what it measures.
#
#   bench-vs-sdk/build-cost/run.sh [--quick] [--out FILE] [--keep] [--workdir DIR] [--no-smoke]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "build-cost: needs Python 3.11 or newer as python3 (for tomllib)" >&2
  exit 2
fi
exec python3 "$here/run.py" "$@"
