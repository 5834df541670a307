import { Command } from 'commander';
import { commands } from './commands';

/** Usage errors exit 2, per the CLI contract in the README. */
export function buildProgram(): Command {
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
  for (const register of commands) register(program);
  return program;
}
