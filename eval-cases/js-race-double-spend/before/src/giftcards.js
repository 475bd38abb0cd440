const db = require('./db');

async function getCard(id) {
  return db.one('SELECT id, balance FROM gift_cards WHERE id = $1', [id]);
}

module.exports = { getCard };
