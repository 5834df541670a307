import { AREA_NAMES, SETTINGS_AREAS } from './areas';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * The README's table of every setting, built from the same definitions the loader reads, so a
 * test can hold the README to it.
 */
export function settingsTable(): string {
  const rows = [
    '| variable | file key | meaning | default | used by |',
    '|---|---|---|---|---|',
    '| `TEACHBACK_CONFIG` | | settings file (JSON, or YAML by extension); variables override it | none | every command (`serve --config` names one too) |',
  ];
  for (const area of AREA_NAMES) {
    for (const s of SETTINGS_AREAS[area].settings) {
      rows.push(
        `| ${s.env ? `\`${s.env}\`` : ''} | \`${area}.${s.path}\` | ${cell(s.about)}${s.secret ? ' (secret)' : ''} | ${cell(s.default ?? 'none')} | ${cell(s.commands)} |`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
