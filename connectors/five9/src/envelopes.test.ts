import { WsdlContract } from '@teachback/simulator-five9';
import { identifierBody, isReportRunningBody, runReportBody, updateCrmRecordBody } from './envelopes';
import { soapEnvelope } from './xml';

const contract = WsdlContract.load(process.env['FIVE9_WSDL']);

describe('request envelopes follow the v13 WSDL', () => {
  it('runReport: folder, report, criteria with reportObjects before time, end before start', () => {
    const xml = soapEnvelope(
      'runReport',
      runReportBody({
        folderName: 'Call Log Reports',
        reportName: 'Call Log',
        start: '2026-11-01T00:00:00.000-07:00',
        end: '2026-11-01T23:59:59.999-08:00',
        reportObjects: [{ objectType: 'Campaign', objectNames: ['Nurse Line', 'Appointments'] }],
      }),
    );
    expect(contract.validateEnvelope(xml)).toEqual([]);
    expect(xml.indexOf('<end>')).toBeLessThan(xml.indexOf('<start>'));
    expect(xml.indexOf('<reportObjects>')).toBeLessThan(xml.indexOf('<time>'));
  });

  it('isReportRunning, getReportResultCsv, getCallCountersState, closeSession', () => {
    expect(
      contract.validateEnvelope(soapEnvelope('isReportRunning', isReportRunningBody('R-1', 10))),
    ).toEqual([]);
    expect(contract.validateEnvelope(soapEnvelope('getReportResultCsv', identifierBody('R-1')))).toEqual([]);
    expect(contract.validateEnvelope(soapEnvelope('getCallCountersState', []))).toEqual([]);
    expect(contract.validateEnvelope(soapEnvelope('closeSession', []))).toEqual([]);
  });

  it('updateCrmRecord: base import settings before the crm extension fields', () => {
    const xml = soapEnvelope(
      'updateCrmRecord',
      updateCrmRecordBody({
        fieldsMapping: [
          { columnNumber: 1, fieldName: 'number1', key: true },
          { columnNumber: 2, fieldName: 'tb_score', key: false },
        ],
        fields: ['5550100001', '87'],
      }),
    );
    expect(contract.validateEnvelope(xml)).toEqual([]);
    expect(xml.indexOf('<skipHeaderLine>')).toBeLessThan(xml.indexOf('<crmAddMode>'));
  });

  it('the contract check itself catches out-of-order and missing elements', () => {
    const swapped = soapEnvelope('runReport', [
      ['reportName', 'x'],
      ['folderName', 'y'],
    ]);
    expect(contract.validateEnvelope(swapped)).toEqual([
      'runReport: <folderName> is out of WSDL sequence order',
    ]);
    expect(contract.validateEnvelope(soapEnvelope('isReportRunning', [['identifier', 'R']]))).toEqual([
      'isReportRunning: required <timeout> is missing',
    ]);
  });

  it('escapes XML special characters in values', () => {
    const xml = soapEnvelope('getReportResultCsv', identifierBody('a<b&"c'));
    expect(xml).toContain('<identifier>a&lt;b&amp;&quot;c</identifier>');
  });
});
