import { Command } from 'commander';
import type { Environment } from '@teachback/config';
import { commands } from './commands';
import { cliContext } from './commands/context';

/**
 * Usage errors exit 2, per the CLI contract in the README. Settings come from `env` (default: the
 * process environment), read by @teachback/config when a command runs.
 */
export function buildProgram(options: { env?: Environment } = {}): Command {
  const context = cliContext(options.env);
  const program = new Command('teachback')
    .description('Teachback: healthcare contact-center quality, compliance and coaching')
    .exitOverride((err) => {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        process.exit(0);
      }
      process.exit(2);
    })
    .showHelpAfterError();
  for (const register of commands) register(program, context);
  return program;
}
