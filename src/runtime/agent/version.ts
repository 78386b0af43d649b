import { readFileSync } from 'node:fs';

/** The package version, reported at registration. Same relative path from src/ and dist/. */
export const AGENT_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0-unknown';
  }
})();
