import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapabilityGap } from '@teachback/core';
import type { SObjectDescribe } from '@teachback/connector-salesforce';
import { SCORE_EXTERNAL_ID, SCORE_OBJECT, TASK_EXTERNAL_ID } from './push';

/** force-app beside src/ and dist/: the metadata the admin deploys (see README). */
const FORCE_APP = join(__dirname, '..', 'force-app', 'main', 'default', 'objects');

export interface DeployedField {
  name: string;
  /** Formula fields are read-only: they must exist, but we never write them. */
  formula: boolean;
}

/** The score object's fields as force-app deploys them. */
export function scoreObjectFields(): DeployedField[] {
  const dir = join(FORCE_APP, SCORE_OBJECT, 'fields');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.field-meta.xml'))
    .map((f) => ({
      name: f.replace('.field-meta.xml', ''),
      formula: /<formula>/.test(readFileSync(join(dir, f), 'utf8')),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Objects the install check describes, besides the ones the sync reads. */
export const INSTALL_OBJECTS = [SCORE_OBJECT, 'Task'] as const;

const PERMISSION_SET = 'assign the Teachback_Integration permission set to the integration user';
const DEPLOY = 'deploy adapters/salesforce/force-app (sf project deploy start)';

/**
 * Is Teachback's metadata in the org, and may the integration user upsert it? The score object
 * with every force-app field, its external id, create/edit on it and on Task, and the Task's
 * external id. Anything absent is `missing`: pushes would fail with INVALID_FIELD or
 * INSUFFICIENT_ACCESS until the admin fixes it.
 */
export function checkInstall(org: ReadonlyMap<string, SObjectDescribe | undefined>): {
  provisioned: string[];
  missing: CapabilityGap[];
} {
  const provisioned: string[] = [];
  const missing: CapabilityGap[] = [];
  const score = org.get(SCORE_OBJECT);
  if (!score) {
    missing.push({ what: SCORE_OBJECT, why: `custom object not in this org: ${DEPLOY}` });
  } else {
    const fields = new Map(score.fields.map((f) => [f.name, f]));
    const absent: string[] = [];
    for (const f of scoreObjectFields()) {
      const found = fields.get(f.name);
      if (!found) absent.push(f.name);
      else if (!f.formula && (found.createable === false || found.updateable === false)) {
        missing.push({
          what: `${SCORE_OBJECT}.${f.name}`,
          why: `not writable by the integration user: ${PERMISSION_SET}`,
        });
      }
    }
    for (const f of absent)
      missing.push({ what: `${SCORE_OBJECT}.${f}`, why: `field not in this org: ${DEPLOY}` });
    if (fields.get(SCORE_EXTERNAL_ID) && !fields.get(SCORE_EXTERNAL_ID)!.externalId) {
      missing.push({ what: `${SCORE_OBJECT}.${SCORE_EXTERNAL_ID}`, why: `not an external id: ${DEPLOY}` });
    }
    if (score.createable === false || score.updateable === false) {
      missing.push({ what: `upsert ${SCORE_OBJECT}`, why: `no create/edit permission: ${PERMISSION_SET}` });
    }
    if (absent.length === 0) {
      provisioned.push(`object ${SCORE_OBJECT} (${scoreObjectFields().length} force-app fields) verified`);
    }
  }
  const task = org.get('Task');
  const taskKey = task?.fields.find((f) => f.name === TASK_EXTERNAL_ID);
  if (!task || task.createable === false || task.updateable === false) {
    missing.push({ what: 'upsert Task', why: `no create/edit permission on Task: ${PERMISSION_SET}` });
  }
  if (task && !taskKey)
    missing.push({ what: `Task.${TASK_EXTERNAL_ID}`, why: `field not in this org: ${DEPLOY}` });
  else if (taskKey && !taskKey.externalId) {
    missing.push({ what: `Task.${TASK_EXTERNAL_ID}`, why: `not an external id: ${DEPLOY}` });
  }
  if (task && taskKey?.externalId && task.createable !== false)
    provisioned.push(`Task.${TASK_EXTERNAL_ID} verified`);
  return { provisioned, missing };
}
