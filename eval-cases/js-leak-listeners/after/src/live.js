const { configEvents } = require('./config');

function send(socket, data) {
  socket.send(JSON.stringify(data));
}

function onConnection(socket) {
  configEvents.on('change', (config) => send(socket, { type: 'config', config }));
}

module.exports = { send, onConnection };
