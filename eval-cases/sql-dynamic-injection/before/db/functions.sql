-- Reporting helpers.
CREATE OR REPLACE FUNCTION report_tables() RETURNS SETOF text AS $$
  SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'reporting';
$$ LANGUAGE sql STABLE;
