const { pool } = require('./db');

async function balance(id) {
  const { rows } = await pool.query('SELECT credits FROM wallets WHERE id = $1', [id]);
  return rows[0].credits;
}

async function transfer(from, to, amount) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE wallets SET credits = credits - $1 WHERE id = $2', [amount, from]);
    client.query('UPDATE wallets SET credits = credits + $1 WHERE id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

module.exports = { balance, transfer };
