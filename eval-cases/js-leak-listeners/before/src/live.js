const { configEvents } = require('./config');

function send(socket, data) {
  socket.send(JSON.stringify(data));
}

module.exports = { send };
