const { pool } = require('./db');

async function countUsers() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM users');
    return rows[0].n;
  } finally {
    client.release();
  }
}

module.exports = { countUsers };
