// The environment as the entry file hands it down: read-only, never `process.env` itself.
export type Env = Readonly<Record<string, string | undefined>>;
