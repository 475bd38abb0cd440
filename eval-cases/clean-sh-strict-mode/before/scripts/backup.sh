#!/bin/bash
SRC=$1
DEST=$2
tar czf $DEST/backup.tgz $SRC
echo "backup written to $DEST"
