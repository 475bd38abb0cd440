#!/bin/bash
# Empties the build cache.
CACHE_DIR="${CACHE_DIR:-$HOME/.cache/app-build}"
cd "$CACHE_DIR"
rm -rf ./*
echo "cache cleared"
