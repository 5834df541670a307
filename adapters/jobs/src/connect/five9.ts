import { z } from 'zod';
import { TeachbackError, fieldPath, type CapabilityGap, type ConnectReport } from '@teachback/core';
import type { SqlStore } from '@teachback/adapter-store';
import { Five9AdminClient, parseCsvTable, toPacificDateTime } from '@teachback/connector-five9';
import {
  ReportColumns,
  SftpRecordingSource,
  missingOptionalColumns,
  missingRequiredColumns,
} from '@teachback/adapter-five9';
import { Five9ConnectionCredentials, Five9ConnectionSettings, saveFive9Connection } from '../connections';

type Settings = z.infer<typeof Five9ConnectionSettings>;
type Credentials = z.infer<typeof Five9ConnectionCredentials>;

function codeOf(err: unknown): string {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = `${what}.${fieldPath(issue.path)}`;
  // The message names the field and the rule; it never echoes a value (credentials could be in it).
  throw new TeachbackError('CONFIG.INVALID', `five9 connection ${field}: ${issue.message}`, {
    details: { field },
  });
}

/**
 * Asks Five9 for a minute of the configured report, the only way the Configuration Web Services
 * let us see a report exists and which columns it has (there is no report-definition operation).
 * It costs one of the 120 runReport an hour.
 */
async function probeReport(client: Five9AdminClient, s: Settings, nowMs: number): Promise<string[]> {
  const end = nowMs - s.settleMinutes * 60_000;
  const id = await client.runReport({
    folderName: s.report.folderName,
    reportName: s.report.reportName,
    start: toPacificDateTime(end - 60_000),
    end: toPacificDateTime(end - 1),
  });
  for (let poll = 0; poll < 30 && (await client.isReportRunning(id, 10)); poll++);
  return parseCsvTable(await client.getReportResultCsv(id)).header;
}

async function checkRecordings(s: Settings, c: Credentials): Promise<CapabilityGap | string> {
  const r = s.recordings!;
  const { pattern: _pattern, ...sftp } = r;
  const source = new SftpRecordingSource({
    ...sftp,
    ...(c.sftpPassword ? { password: c.sftpPassword } : {}),
    ...(c.sftpPrivateKey ? { privateKey: c.sftpPrivateKey } : {}),
  });
  try {
    const files = await source.list();
    return `SFTP recording export ${r.host}:${r.port}${r.directory} (${files.length} file(s))`;
  } catch (err) {
    return { what: `SFTP recording export ${r.host}:${r.port}`, why: `could not be listed (${codeOf(err)})` };
  } finally {
    await source.close().catch(() => undefined);
  }
}

/**
 * Connects a tenant to Five9: validates the connection (errors name the field), proves the API
 * user's credentials (getCallCountersState), checks the configured call-log report exists and has
 * the columns the sync needs, lists the SFTP recording export when one is configured, and stores
 * the connection (credentials encrypted). Bad credentials or a missing report are reported as
 * `missing` and nothing is stored, so a sync never runs on a connection known not to work.
 */
export async function connectFive9(
  store: SqlStore,
  tenantId: string,
  connection: { settings: unknown; credentials: unknown },
): Promise<ConnectReport> {
  const settings = parse(Five9ConnectionSettings, connection.settings, 'settings');
  const credentials = parse(Five9ConnectionCredentials, connection.credentials, 'credentials');
  const report: ConnectReport = { platform: 'five9', ok: false, provisioned: [], missing: [], skipped: [] };
  const client = new Five9AdminClient({
    credentials: [{ username: credentials.username, password: credentials.password }],
    dataCentre: settings.dataCentre,
    ...(settings.gateway ? { baseUrl: settings.gateway } : {}),
    retry: { maxAttempts: 2 },
  });

  try {
    await client.getCallCountersState();
    report.provisioned.push('API user credentials accepted (Configuration Web Services v13)');
  } catch (err) {
    const code = codeOf(err);
    report.missing.push({
      what: 'credentials',
      why:
        code === 'FIVE9.AUTH_FAILED'
          ? 'Five9 refused the API user: check the username and password (the user needs the VCC Administrator role)'
          : `Five9 could not be reached (${code})`,
    });
    return report;
  }

  const name = `${settings.report.folderName}/${settings.report.reportName}`;
  const columns = ReportColumns.parse({});
  try {
    const header = await probeReport(client, settings, Date.now());
    const missing = missingRequiredColumns(header, columns);
    if (missing.length > 0) {
      report.missing.push({ what: `report ${name}`, why: `lacks column(s) ${missing.join(', ')}` });
    } else {
      report.provisioned.push(`report ${name} (${header.length} columns)`);
      report.skipped.push(...missingOptionalColumns(header, columns));
    }
  } catch (err) {
    const code = codeOf(err);
    report.missing.push({
      what: `report ${name}`,
      why:
        code === 'FIVE9.REPORT_NOT_FOUND'
          ? 'no such report for this API user (folder and report names resolve in the user’s locale)'
          : `could not be run (${code})`,
    });
  }

  if (settings.recordings) {
    const r = await checkRecordings(settings, credentials);
    if (typeof r === 'string') report.provisioned.push(r);
    else report.missing.push(r);
  } else {
    report.skipped.push({
      what: 'SFTP recording export',
      why: 'not configured: calls are synced from the report but not transcribed or scored',
    });
  }

  await client.closeSessions().catch(() => undefined);
  report.ok = report.missing.length === 0;
  // Credentials and report are what a sync needs; an unreachable export is reported, not fatal.
  const usable = !report.missing.some((m) => m.what === 'credentials' || m.what.startsWith('report '));
  if (usable)
    await saveFive9Connection(store, tenantId, {
      settings: connection.settings,
      credentials: connection.credentials,
    });
  return report;
}
