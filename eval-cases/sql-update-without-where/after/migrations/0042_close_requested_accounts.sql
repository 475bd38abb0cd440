-- Close every account whose owner asked for deletion.
BEGIN;
UPDATE accounts
   SET status = 'closed', closed_at = now();
COMMIT;
