import * as path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The rule behind "one config": production code reads settings from @teachback/config, whose
 * loader is the only reader of process.env; tests never write it. Linted as if the text were
 * the file at each path, with the repository's own eslint.config.js.
 */
const root = path.resolve(__dirname, '..', '..');
// Handed over as an object: ESLint would load the file with a dynamic import, which jest's VM refuses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, 'eslint.config.js')) as ESLint.Options['overrideConfig'];
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });

async function envProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-properties' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

const READ = "export const url = process.env.TEACHBACK_DATABASE_URL ?? 'sqlite:./teachback.db';\n";
const DESTRUCTURE = 'const { env } = process;\nexport const url = env.TEACHBACK_DATABASE_URL;\n';
const WRITE = "process.env.TEACHBACK_MASTER_KEY = 'ab'.repeat(32);\nexport {};\n";

describe('process.env outside config', () => {
  it.each([
    ['an adapter', 'adapters/store/src/open-fixture.ts', READ],
    ['a connector', 'connectors/salesforce/src/home-fixture.ts', WRITE],
    ['a simulator', 'test/simulators/five9/src/wsdl-fixture.ts', READ],
    ['config outside the loader', 'config/src/playbooks-fixture.ts', READ],
    ['a destructured read', 'adapters/cli/src/commands/fixture.ts', DESTRUCTURE],
  ])('is an error in %s', async (_what, file, code) => {
    const problems = await envProblems(file, code);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/@teachback\/config/);
  });

  it('is allowed where the loader reads the environment', async () => {
    expect(await envProblems('config/src/settings/environment.ts', READ)).toEqual([]);
  });

  it('may be read by a test (harness knobs, a child’s env) but never written', async () => {
    expect(await envProblems('adapters/store/tests/fixture.test.ts', READ)).toEqual([]);
    expect(await envProblems('adapters/jobs/src/testing/fixture-process.ts', READ)).toEqual([]);
    for (const code of [WRITE, 'delete process.env.TEACHBACK_MASTER_KEY;\n', 'process.env = {};\n']) {
      const problems = await envProblems('adapters/jobs/src/fixture.test.ts', code);
      expect(problems).toEqual([expect.stringMatching(/Tests do not write process.env/)]);
    }
  });
});
