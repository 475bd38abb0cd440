// The JSON Schema of the configuration file, generated from the zod schema the loader validates with,
// so editors complete and check `.reviewrc.json`/YAML with exactly the rules the tool applies.
// Written into the package root at build time (scripts/build.js) as reviewrc.schema.json.
import * as z from 'zod';
import { ALLOWED, ConfigFileSchema, DEFAULTS } from './schema.js';

/** Where `init` points `$schema`: the copy inside the project's own node_modules. */
export const SCHEMA_REF = './node_modules/review-hook/reviewrc.schema.json';

type JsonObject = Record<string, unknown>;

/** `cache: false`, `checks.<name>: true` and a command as one string are expanded before validation; allow them here too. */
function withShorthand(schema: JsonObject, shorthand: JsonObject): JsonObject {
  const { description, default: defaultValue, ...rest } = schema;
  return {
    ...(description === undefined ? {} : { description }),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    anyOf: [shorthand, rest],
  };
}

export function configJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(ConfigFileSchema, { target: 'draft-7', io: 'input' }) as JsonObject;
  const properties = generated.properties as Record<string, JsonObject>;
  for (const [key, property] of Object.entries(properties)) {
    const allowed = ALLOWED[key];
    if (allowed !== undefined) property.description = allowed;
    if (Object.hasOwn(DEFAULTS, key)) property.default = structuredClone(DEFAULTS[key as keyof typeof DEFAULTS]);
    const nested = property.properties as Record<string, JsonObject> | undefined;
    for (const [sub, subProperty] of Object.entries(nested ?? {})) {
      const subAllowed = ALLOWED[`${key}.${sub}`];
      if (subAllowed !== undefined) subProperty.description = subAllowed;
    }
  }
  const context = properties.context as JsonObject & { properties: Record<string, JsonObject> };
  context.properties.command = withShorthand(context.properties.command as JsonObject, { type: 'string', minLength: 1 });
  properties.cache = withShorthand(properties.cache as JsonObject, { type: 'boolean' });
  const checks = properties.checks as JsonObject;
  checks.additionalProperties = withShorthand(checks.additionalProperties as JsonObject, { type: 'boolean' });
  return {
    $schema: generated.$schema,
    title: 'review-hook configuration',
    description: 'Settings for review-hook (.reviewrc.json, .reviewrc.yaml, package.json#review). Every key is optional.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}
