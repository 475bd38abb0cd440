#!/bin/bash
npm ci
npm run build
