-- Secrets out of the activity log. Until now the log masked values by key name, which missed
-- the password change's "old", "new" and "double" and every query string. From now on the
-- server records an allow-list of fields per route (http/recorded_request.cc); this removes
-- what older versions stored: the body of every sign-in, token, password and mail-server
-- request, every body with a secret-looking key whose value is not the mask "********" (or
-- that merely mentions such a word), and every query string naming a secret-looking
-- parameter. SQLite's LIKE ignores case, as ILIKE does in the PostgreSQL twin.

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
  WHERE path LIKE '/iam/auth/jwt/%'
     OR path LIKE '/iam/auth/session%'
     OR path LIKE '/iam/auth/password/%'
     OR path LIKE '/iam/users/%/password%'
     OR path LIKE '/iam/reselling/settings%'
     OR path LIKE '%/tokens%'
     OR body LIKE '%"old":%' OR body LIKE '%"new":%' OR body LIKE '%"double":%'
     OR unmasked LIKE '%password%' OR unmasked LIKE '%token%'
     OR unmasked LIKE '%refresh%' OR unmasked LIKE '%secret%');

UPDATE activity_requests
SET query = ''
WHERE query LIKE '%password%' OR query LIKE '%passwd%' OR query LIKE '%pwd%'
   OR query LIKE '%token%' OR query LIKE '%refresh%' OR query LIKE '%secret%'
   OR query LIKE '%key=%' OR query LIKE '%access=%';
