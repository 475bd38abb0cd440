const users = require('./users');
const { verify } = require('./password');

async function login(email, password) {
  const user = await users.byEmail(email);
  if (!user || !(await verify(password, user.hash))) throw new Error('invalid credentials');
  return user;
}

module.exports = { login };
