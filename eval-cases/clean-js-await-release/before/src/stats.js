const { pool } = require('./db');

async function countUsers() {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT count(*)::int AS n FROM users');
  client.release();
  return rows[0].n;
}

module.exports = { countUsers };
