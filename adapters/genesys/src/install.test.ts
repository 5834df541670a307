import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_PERMISSIONS, permissionFor } from './install';

describe('REQUIRED_PERMISSIONS', () => {
  it('every permission is documented in the README admin table', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const row of REQUIRED_PERMISSIONS) {
      for (const p of row.permission.split(', ')) expect(readme).toContain(`\`${p}\``);
    }
  });
  it('maps a connector operation to its permission and API', () => {
    expect(permissionFor('quality.createEvaluation')).toEqual({
      permission: 'quality:evaluation:add',
      api: 'POST /api/v2/quality/conversations/{id}/evaluations',
    });
    expect(permissionFor('nope')).toBeUndefined();
  });
});
