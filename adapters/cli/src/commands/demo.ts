import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { runScore } from './score';

const Manifest = z.array(
  z.strictObject({ file: z.string().min(1), playbook: z.string().min(1), callDate: z.iso.date().optional() }),
);

/** The bundled example calls live in the repository's examples/ folder. */
export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'examples');

export function register(program: Command): void {
  program
    .command('demo')
    .description('Score the bundled example calls with the built-in playbooks and print the report')
    .option('--format <json|text>', 'output format', 'text')
    .action(async (opts: { format: string }) => {
      const manifest = Manifest.parse(
        JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'manifest.json'), 'utf8')),
      );
      let code = 0;
      for (const entry of manifest) {
        const rc = await runScore(path.join(EXAMPLES_DIR, entry.file), {
          playbook: entry.playbook,
          format: opts.format,
          ...(entry.callDate ? { callDate: entry.callDate } : {}),
        });
        code = Math.max(code, rc);
      }
      process.exitCode = code;
    });
}
