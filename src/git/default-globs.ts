// Defaults for the `include`, `exclude` and `neverSend` settings. Patterns follow path-filter.ts
// (gitignore-like): a pattern without `/` matches a file or directory name at any depth, a trailing
// `/` matches only directories, and a pattern with a `/` inside is anchored at the repository root.

export const DEFAULT_INCLUDE: readonly string[] = ['**'];

/** Files whose diffs cost tokens without telling a reviewer anything. */
export const DEFAULT_EXCLUDE: readonly string[] = [
  // lockfiles
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'deno.lock',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'Gemfile.lock',
  'composer.lock',
  'go.sum',
  'mix.lock',
  'pubspec.lock',
  'Podfile.lock',
  'packages.lock.json',
  'flake.lock',
  // build output
  'dist/',
  'build/',
  'out/',
  '.next/',
  '.nuxt/',
  'coverage/',
  'target/',
  // vendored code
  'vendor/',
  'node_modules/',
  'third_party/',
  // minified bundles and source maps
  '*.min.js',
  '*.min.css',
  '*.map',
  // generated code
  '*.generated.*',
  '*.pb.go',
  '*_pb2.py',
  '*_pb2_grpc.py',
  '**/__snapshots__/*.snap',
  // issue tracker data (Beads): read as task context, not reviewed as code
  '.beads/',
  // the acknowledgements file: its entries reach the model in their own section of the prompt
  '.review-acks.jsonl',
];

/** Files whose content must never leave the machine, whatever include/exclude say. */
export const DEFAULT_NEVER_SEND: readonly string[] = [
  '.env*',
  '*.pem',
  '*.key',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '**/.aws/credentials',
  '**/.docker/config.json',
  '*.kdbx',
  'credentials.json',
  // gcloud and Google OAuth credentials
  'application_default_credentials.json',
  'legacy_credentials/',
  'service-account*.json',
  'client_secret*.json',
];
