#!/bin/sh
# Creates the sellers that bench/generate.py wrote to sellers.txt, through the API of a running
# server, so that `clientele import accounts` finds them (the import creates no seller itself).
#
# Usage: bench/create-sellers.sh BASE_URL TOKEN SELLERS_FILE
#   BASE_URL  e.g. http://127.0.0.1:8080
#   TOKEN     an access token of the organisation's Reseller (POST /iam/auth/jwt/login)
# A seller that exists already is reported and left as it is. Each new seller is sent an
# invitation e-mail (queued; it needs no mail server to be created).
set -eu
[ $# -eq 3 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
base=$1 token=$2 file=$3
while IFS= read -r email || [ -n "$email" ]; do
  [ -n "$email" ] || continue
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/iam/admin/sellers" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$email\", \"full_name\": \"${email%%@*}\"}")
  case $code in
    201) ;;
    400) echo "not created (exists already?): $email" >&2 ;;
    *) echo "error: HTTP $code creating $email" >&2; exit 1 ;;
  esac
done < "$file"
