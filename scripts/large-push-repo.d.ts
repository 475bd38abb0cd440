// Types for the shared large-push builder, which the end-to-end tests import too.
export declare function benchEnv(): Record<string, string>;
export declare function initPushedRepo(
  work: string,
  name: string,
  env: Record<string, string>,
): { dir: string; origin: string; git: (...args: string[]) => string };
export declare function buildLargePushRepo(
  work: string,
  env: Record<string, string>,
): { dir: string; origin: string; git: (...args: string[]) => string; base: string; head: string };
export declare function largePushSources(): Record<string, string>;
