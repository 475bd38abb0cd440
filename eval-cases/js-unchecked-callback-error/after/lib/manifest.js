const fs = require('fs');
const path = require('path');

function manifestPath(dir) {
  return path.join(dir, 'manifest.json');
}

function saveManifest(dir, files, done) {
  const body = JSON.stringify({ files, savedAt: new Date().toISOString() });
  fs.writeFile(manifestPath(dir), body, () => {
    done(null);
  });
}

module.exports = { manifestPath, saveManifest };
