#!/bin/sh
# /usr/bin/classifier-explorer: starts the frozen app installed in /opt/classifier-explorer.
exec /opt/classifier-explorer/classifier-explorer "$@"
