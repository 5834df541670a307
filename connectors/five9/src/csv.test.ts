import { parseCsvRows, parseCsvTable, rowRecord } from './csv';

describe('CSV parser', () => {
  it('reads quoted commas, escaped quotes and newlines inside fields', () => {
    const text = 'A,B,C\r\n1,"x, y","say ""hi"""\r\n2,"line1\nline2\r\nline3",z\n';
    const t = parseCsvTable(text);
    expect(t.problems).toEqual([]);
    expect(t.rows.map((r) => r.fields)).toEqual([
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line1\nline2\r\nline3', 'z'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('keeps empty fields, trailing empty field, BOM and a missing final newline', () => {
    const t = parseCsvTable('\ufeffA,B,C\n,,\n1,2,');
    expect(t.header).toEqual(['A', 'B', 'C']);
    expect(t.rows.map((r) => r.fields)).toEqual([
      ['', '', ''],
      ['1', '2', ''],
    ]);
  });

  it('reports rows of the wrong width with their line, and keeps the others', () => {
    const t = parseCsvTable('A,B\n1,2\n3\n4,5,6\n7,8\n');
    expect(t.rows.map((r) => r.fields[0])).toEqual(['1', '7']);
    expect(t.problems).toEqual([
      { line: 3, reason: 'row has 1 fields, header has 2' },
      { line: 4, reason: 'row has 3 fields, header has 2' },
    ]);
  });

  it('reports stray quotes and an unterminated quote', () => {
    expect(parseCsvRows('a,b"c\nd,e\n').problems).toEqual([
      { line: 1, reason: 'a quote inside an unquoted field' },
    ]);
    expect(parseCsvRows('"a"x,b\n').problems).toEqual([{ line: 1, reason: 'text after a closing quote' }]);
    const open = parseCsvRows('a,b\n"never closed,c\n');
    expect(open.rows.map((r) => r.fields)).toEqual([['a', 'b']]);
    expect(open.problems).toEqual([
      { line: 2, reason: 'quoted field is not closed before the end of the file' },
    ]);
  });

  it('an empty report is a header only', () => {
    expect(parseCsvTable('')).toEqual({ header: [], rows: [], problems: [] });
    expect(parseCsvTable('CALL ID,TIMESTAMP\r\n').rows).toEqual([]);
  });

  it('keys records by upper-cased header', () => {
    const t = parseCsvTable('Call Id,x\n007,y\n');
    expect(rowRecord(t.header, t.rows[0]!)).toEqual({ 'CALL ID': '007', X: 'y' });
  });
});
