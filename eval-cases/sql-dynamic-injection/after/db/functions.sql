-- Reporting helpers.
CREATE OR REPLACE FUNCTION report_tables() RETURNS SETOF text AS $$
  SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'reporting';
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION report_count(table_name text) RETURNS bigint AS $$
DECLARE
  result bigint;
BEGIN
  EXECUTE 'SELECT count(*) FROM reporting.' || table_name INTO result;
  RETURN result;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER;
