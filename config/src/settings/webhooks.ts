import { z } from 'zod';
import type { Setting } from './setting';

/**
 * Web Connector secrets stay on the server; Five9 sends the tenant's key derived from them
 * (`teachback serve --five9-connector-key <tenant>`), never a secret itself.
 */
const Five9Secrets = z
  .array(z.string().min(32, 'must be 32 characters or more (e.g. `openssl rand -hex 32`)'))
  .min(1, 'give at least one secret');

/** Tenant id → Genesys webhook signing secrets (current first). */
const GenesysWebhookSecrets = z.record(
  z.string(),
  z.array(z.string().min(16, 'a secret must be 16 characters or more')).min(1),
);

export const WebhookSettings = z.strictObject({
  genesys: GenesysWebhookSecrets.optional(),
  five9: Five9Secrets.optional(),
});
export type WebhookSettings = z.output<typeof WebhookSettings>;

export const WEBHOOK_SETTINGS: Setting[] = [
  {
    path: 'genesys',
    env: 'TEACHBACK_GENESYS_WEBHOOK_SECRETS',
    read: 'json',
    about: 'Genesys webhook signing secrets as JSON `{"<tenant>": ["<current>", "<previous>"]}`',
    commands: 'serve',
    secret: true,
  },
  {
    path: 'five9',
    env: 'TEACHBACK_FIVE9_CONNECTOR_SECRETS',
    read: 'list',
    about: 'Five9 Web Connector secrets, comma-separated, current first (32+ characters each)',
    commands: 'serve, serve --five9-connector-key',
    secret: true,
  },
];
