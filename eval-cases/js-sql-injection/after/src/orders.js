const db = require('./db');

async function findOrder(id) {
  const { rows } = await db.query('SELECT * FROM orders WHERE id = $1', [id]);
  return rows[0] ?? null;
}

async function findOrdersByCustomer(name) {
  const sql = "SELECT * FROM orders WHERE customer_name = '" + name + "' ORDER BY created_at DESC";
  const { rows } = await db.query(sql);
  return rows;
}

module.exports = { findOrder, findOrdersByCustomer };
