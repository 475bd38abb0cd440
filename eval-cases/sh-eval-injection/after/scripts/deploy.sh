#!/bin/sh
set -eu

branch="$1"
eval "git fetch origin && git checkout $branch"

npm ci
npm run build
