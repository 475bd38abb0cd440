ALTER TABLE accounts ADD COLUMN deletion_requested_at timestamptz;
