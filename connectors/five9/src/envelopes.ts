import type { XmlNode } from './xml';

/**
 * Request shapes for the operations we use, each built in the WSDL's `xs:sequence` order
 * (base-type fields before extension fields; `reportTimeCriteria` is `end` then `start`).
 * envelopes.test.ts checks every builder against the v13 WSDL.
 */

export const WS_OBJECT_TYPES = [
  'Campaign',
  'Skill',
  'User',
  'AgentGroup',
  'Disposition',
  'CallVariable',
] as const;

export interface ReportObjectList {
  objectType: string;
  objectNames: string[];
}

export interface RunReportRequest {
  folderName: string;
  reportName: string;
  /** xs:dateTime strings with an explicit offset (see pacific-time.ts). */
  start: string;
  end: string;
  reportObjects?: ReportObjectList[];
}

export function runReportBody(req: RunReportRequest): XmlNode[] {
  const objects: XmlNode[] = (req.reportObjects ?? []).map((o) => [
    'reportObjects',
    [...o.objectNames.map((n): XmlNode => ['objectNames', n]), ['objectType', o.objectType]],
  ]);
  return [
    ['folderName', req.folderName],
    ['reportName', req.reportName],
    [
      'criteria',
      [
        ...objects,
        [
          'time',
          [
            ['end', req.end],
            ['start', req.start],
          ],
        ],
      ],
    ],
  ];
}

export function isReportRunningBody(identifier: string, timeoutSeconds: number): XmlNode[] {
  return [
    ['identifier', identifier],
    ['timeout', Math.max(0, Math.trunc(timeoutSeconds))],
  ];
}

/** getContactRecords: contacts whose fields equal every criterion (Five9 returns at most 1000). */
export function getContactRecordsBody(criteria: readonly { field: string; value: string }[]): XmlNode[] {
  return [
    [
      'lookupCriteria',
      criteria.map((c): XmlNode => [
        'criteria',
        [
          ['field', c.field],
          ['value', c.value],
        ],
      ]),
    ],
  ];
}

export function identifierBody(identifier: string): XmlNode[] {
  return [['identifier', identifier]];
}

export type CrmAddMode = 'ADD_NEW' | 'DONT_ADD';
export type CrmUpdateMode = 'UPDATE_FIRST' | 'UPDATE_ALL' | 'UPDATE_SOLE_MATCHES' | 'DONT_UPDATE';

export interface CrmFieldMapping {
  columnNumber: number;
  fieldName: string;
  key: boolean;
}

export interface UpdateCrmRecordRequest {
  fieldsMapping: CrmFieldMapping[];
  /** Values in column order: fields[columnNumber - 1]. */
  fields: string[];
  crmAddMode?: CrmAddMode;
  crmUpdateMode?: CrmUpdateMode;
}

export function updateCrmRecordBody(req: UpdateCrmRecordRequest): XmlNode[] {
  return [
    [
      'crmUpdateSettings',
      [
        // basicImportSettings (the base type) first ...
        ...req.fieldsMapping.map((m): XmlNode => [
          'fieldsMapping',
          [
            ['columnNumber', m.columnNumber],
            ['fieldName', m.fieldName],
            ['key', m.key],
          ],
        ]),
        ['skipHeaderLine', false],
        // ... then the crmUpdateSettings extension.
        ['crmAddMode', req.crmAddMode ?? 'DONT_ADD'],
        ['crmUpdateMode', req.crmUpdateMode ?? 'UPDATE_FIRST'],
      ],
    ],
    ['record', req.fields.map((f): XmlNode => ['fields', f])],
  ];
}
