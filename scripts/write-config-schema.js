// Writes reviewrc.schema.json into the package root from the compiled configuration schema, so the
// file editors read always matches what the loader accepts.
import { writeFileSync } from 'node:fs';
import { configJsonSchema, SCHEMA_FILE } from '../dist/config/json-schema.js';

writeFileSync(SCHEMA_FILE, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
