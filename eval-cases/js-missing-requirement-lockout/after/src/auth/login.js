const users = require('./users');
const { verify } = require('./password');

const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60 * 1000;

async function login(email, password) {
  const user = await users.byEmail(email);
  if (user && user.lockedUntil && user.lockedUntil > Date.now()) throw new Error('invalid credentials');
  if (!user || !(await verify(password, user.hash))) {
    if (user) {
      const failures = user.failures + 1;
      await users.update(user.id, { failures, lockedUntil: failures >= MAX_FAILURES ? Date.now() + LOCK_MS : null });
    }
    throw new Error('invalid credentials');
  }
  return user;
}

module.exports = { login };
