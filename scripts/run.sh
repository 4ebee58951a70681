#!/usr/bin/env bash
# Starts Clientele on embedded SQLite with a demo organisation, installing and building first
# (the server and the web bundle, served from web/dist).
#   CLIENTELE_LISTEN    address to serve on (default 127.0.0.1:8080)
#   CLIENTELE_DATA_DIR  where the database lives (default ./data)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release

export CLIENTELE_DATA_DIR="${CLIENTELE_DATA_DIR:-$PWD/data}"
listen="${CLIENTELE_LISTEN:-127.0.0.1:8080}"
email="reseller@demo.example"
password="demo-reseller-2026"
bin=build-release/server/clientele

"$bin" demo --email "$email" --password "$password"
cat <<INFO

  Admin Portal:     http://${listen}/admin    (sign in as ${email} / ${password})
  Customer Portal:  http://${listen}/portal
  Clientele API:    http://${listen}/   (OpenAPI document: http://${listen}/openapi.yaml)
  Demo sign-in:   ${email} / ${password}
                  curl -s -X POST http://${listen}/iam/auth/jwt/login \\
                       -H 'Content-Type: application/json' \\
                       -d '{"username": "${email}", "password": "${password}"}'
  Data:           ${CLIENTELE_DATA_DIR}   (delete it to start afresh)
  Stop with Ctrl+C.

INFO
exec "$bin" serve --listen "$listen" --web-root web/dist
