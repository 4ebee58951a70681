-- Secrets out of the activity log. Until now the log masked values by key name, which missed
-- the password change's "old", "new" and "double" and every query string. From now on the
-- server records an allow-list of fields per route (http/recorded_request.cc); this removes
-- what older versions stored: the body of every sign-in, token, password and mail-server
-- request, every body with a secret-looking key whose value is not the mask "********" (or
-- that merely mentions such a word), and every query string naming a secret-looking
-- parameter. ILIKE ignores case, as LIKE does in the SQLite twin.

UPDATE activity_requests
SET body = '(removed: may have held a secret)'
WHERE id IN (
  SELECT id FROM (
    SELECT id, path, body,
           -- The body without masked values and the keys they belong to: any secret word left
           -- was stored in plain.
           replace(replace(replace(replace(replace(body, ':"********"', ':null'),
                                           'password":null', ''),
                                   'token":null', ''),
                           'refresh":null', ''),
                   'secret":null', '') AS unmasked
    FROM activity_requests
    WHERE body <> ''
  ) AS a
  WHERE path ILIKE '/iam/auth/jwt/%'
     OR path ILIKE '/iam/auth/session%'
     OR path ILIKE '/iam/auth/password/%'
     OR path ILIKE '/iam/users/%/password%'
     OR path ILIKE '/iam/reselling/settings%'
     OR path ILIKE '%/tokens%'
     OR body ILIKE '%"old":%' OR body ILIKE '%"new":%' OR body ILIKE '%"double":%'
     OR unmasked ILIKE '%password%' OR unmasked ILIKE '%token%'
     OR unmasked ILIKE '%refresh%' OR unmasked ILIKE '%secret%');

UPDATE activity_requests
SET query = ''
WHERE query ILIKE '%password%' OR query ILIKE '%passwd%' OR query ILIKE '%pwd%'
   OR query ILIKE '%token%' OR query ILIKE '%refresh%' OR query ILIKE '%secret%'
   OR query ILIKE '%key=%' OR query ILIKE '%access=%';
