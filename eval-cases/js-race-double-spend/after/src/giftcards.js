const db = require('./db');

async function getCard(id) {
  return db.one('SELECT id, balance FROM gift_cards WHERE id = $1', [id]);
}

async function redeem(cardId, amount) {
  const card = await getCard(cardId);
  if (card.balance < amount) throw new Error('insufficient balance');
  await db.none('UPDATE gift_cards SET balance = $1 WHERE id = $2', [card.balance - amount, cardId]);
  return card.balance - amount;
}

module.exports = { getCard, redeem };
