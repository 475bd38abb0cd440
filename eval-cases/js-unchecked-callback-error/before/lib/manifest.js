const path = require('path');

function manifestPath(dir) {
  return path.join(dir, 'manifest.json');
}

module.exports = { manifestPath };
