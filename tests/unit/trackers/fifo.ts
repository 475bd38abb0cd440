// A named pipe for tests of readers that must not wait on one (made with the system's mkfifo).
import { execFileSync } from 'node:child_process';

export function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
