#!/bin/bash
set -euo pipefail

SRC="$1"
DEST="$2"
tar czf "$DEST/backup.tgz" "$SRC"
echo "backup written to $DEST"
