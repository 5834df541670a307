import * as fs from 'node:fs';
import * as path from 'node:path';
import { AREA_NAMES, SETTINGS_AREAS } from './areas';
import { settingsTable } from './settings-table';

const README = path.resolve(__dirname, '..', '..', '..', 'README.md');

describe('the README settings table', () => {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf('<!-- settings-table:start');
  const end = text.indexOf('<!-- settings-table:end -->');
  const inReadme = text.slice(text.indexOf('\n', start) + 1, end);

  it('is exactly the table built from the settings definitions', () => {
    expect(start).toBeGreaterThan(0);
    expect(inReadme).toBe(settingsTable());
  });

  it('lists every variable the loader reads', () => {
    for (const area of AREA_NAMES)
      for (const s of SETTINGS_AREAS[area].settings) {
        expect(inReadme).toContain(`\`${area}.${s.path}\``);
        if (s.env) expect(inReadme).toContain(`\`${s.env}\``);
      }
  });
});
