import type { Command } from 'commander';
import type { CliContext } from './context';
import { register as score } from './score';
import { register as demo } from './demo';
import { register as ingest } from './ingest';
import { register as tenants } from './tenants';
import { register as users } from './users';
import { register as keys } from './keys';
import { register as audit } from './audit';
import { register as retention } from './retention';
import { register as interactions } from './interactions';
import { register as transcribe } from './transcribe';
import { register as sync } from './sync';
import { register as worker } from './worker';
import { register as serve } from './serve';
import { register as connect } from './connect';
import { register as playbooks } from './playbooks';
import { register as backup } from './backup';
import { register as mine } from './mine';
import { register as metrics } from './metrics';

/** Each command lives in its own file and registers itself here (one line per command). */
export const commands: Array<(program: Command, context: CliContext) => void> = [
  score,
  demo,
  ingest,
  tenants,
  users,
  keys,
  audit,
  retention,
  transcribe,
  interactions,
  serve,
  sync,
  worker,
  connect,
  playbooks,
  backup,
  mine,
  metrics,
];
