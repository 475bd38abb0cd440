const { pool } = require('./db');

async function balance(id) {
  const { rows } = await pool.query('SELECT credits FROM wallets WHERE id = $1', [id]);
  return rows[0].credits;
}

module.exports = { balance };
