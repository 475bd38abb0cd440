const db = require('./db');

async function findOrder(id) {
  const { rows } = await db.query('SELECT * FROM orders WHERE id = $1', [id]);
  return rows[0] ?? null;
}

module.exports = { findOrder };
