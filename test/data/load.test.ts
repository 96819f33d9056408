import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { DataError, loadTable, requireColumns, requireNumeric, withDuckDBForTests } from './load-helpers.ts';
import { tempDir, tempFile } from '../helpers.ts';

describe('loadTable: CSV', () => {
  it('streams numeric columns into Float64Array and text into strings', async () => {
    const path = tempFile(
      'a.csv',
      'id,name,employees,revenue\n001,Acme,120,1.5e6\n002,"Beta, Inc",,2000000\n',
    );
    const { frame, format, warnings } = await loadTable(path, { textColumns: ['id'] });
    expect(format).toBe('csv');
    expect(warnings).toEqual([]);
    expect(frame.strings('id')).toEqual(['001', '002']);
    expect(frame.strings('name')).toEqual(['Acme', 'Beta, Inc']);
    expect(frame.numbers('employees')).toBeInstanceOf(Float64Array);
    expect(Array.from(frame.numbers('employees'))).toEqual([120, NaN]);
    expect(Array.from(frame.numbers('revenue'))).toEqual([1.5e6, 2e6]);
  });

  it.each([
    ['semicolon', 'a;b\n1;x\n2;y\n'],
    ['tab', 'a\tb\n1\tx\n2\ty\n'],
    ['pipe', 'a|b\n1|x\n2|y\n'],
    ['BOM and CRLF', '\ufeffa,b\r\n1,x\r\n2,y\r\n'],
  ])('reads %s files', async (_label, content) => {
    const { frame } = await loadTable(tempFile('d.csv', content));
    expect(frame.columnNames).toEqual(['a', 'b']);
    expect(Array.from(frame.numbers('a'))).toEqual([1, 2]);
    expect(frame.strings('b')).toEqual(['x', 'y']);
  });

  it('keeps every value as text with allText', async () => {
    const { frame } = await loadTable(tempFile('t.csv', 'a,b\n1,"1,200"\n2,$5M\n'), { allText: true });
    expect(frame.strings('a')).toEqual(['1', '2']);
    expect(frame.strings('b')).toEqual(['1,200', '$5M']);
  });

  it('keeps a column as text when a non-number appears after the type-detection sample', async () => {
    const lines = ['id,employees', ...Array.from({ length: 30_000 }, (_, i) => `${i},${i}`), '30000,lots'];
    const { frame } = await loadTable(tempFile('late.csv', `${lines.join('\n')}\n`));
    expect(frame.column('employees').kind).toBe('string');
    expect(() => requireNumeric(frame, 'employees', { file: 'late.csv' })).toThrow(
      /^late\.csv, row 30001, column "employees": "lots" is not a number$/,
    );
  });

  it('reads a Windows-1252/Latin-1 file with a warning', async () => {
    const path = tempFile('latin.csv', Buffer.from('name,city\nCaf\xe9 Oz,M\xfcnchen\n', 'latin1'));
    const { frame, warnings } = await loadTable(path);
    expect(frame.strings('name')).toEqual(['Café Oz']);
    expect(frame.strings('city')).toEqual(['München']);
    expect(warnings[0]?.message).toMatch(/not valid UTF-8; read as Windows-1252/);
  });

  it('reads a header-only file as zero rows', async () => {
    const { frame } = await loadTable(tempFile('h.csv', 'a,b\n'));
    expect(frame.numRows).toBe(0);
    expect(frame.columnNames).toEqual(['a', 'b']);
  });

  it.each([
    ['a missing file', () => '/nonexistent/accounts.csv', /^\/nonexistent\/accounts\.csv: file not found$/],
    [
      'an empty file',
      () => tempFile('empty.csv', ''),
      /empty\.csv: file is empty; expected a header row and data$/,
    ],
    ['a folder', () => tempDir(), /: is a folder, expected a CSV, Parquet or \.xlsx file$/],
    [
      'a ragged row in a small file',
      () => tempFile('r.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n'),
      /r\.csv, line 3: the row has 2 fields but the header has 3; check the delimiter and quoting$/,
    ],
    [
      'a ragged row in a large file',
      () => tempFile('r2.csv', `a,b,c\n${'1,x,y\n'.repeat(5000)}1,2\n`),
      /r2\.csv, line 5002: the row has 2 fields but the header has 3/,
    ],
    [
      'a duplicated header',
      () => tempFile('dup.csv', 'Name,Website,name\n1,2,3\n'),
      /dup\.csv, line 1, column "name": the header names "name" twice \(columns 1 and 3\)/,
    ],
    [
      'a legacy .xls file',
      () => tempFile('old.xls', 'x'),
      /old\.xls: legacy Excel \.xls files are not supported; save the sheet as \.xlsx or CSV$/,
    ],
  ])('reports %s as a one-line DataError', async (_label, makePath, message) => {
    const path = makePath();
    const error = await loadTable(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('loadTable: Parquet and Excel', () => {
  it('reads Parquet written by DuckDB', async () => {
    const path = join(tempDir(), 'x.parquet');
    await withDuckDBForTests((c) =>
      c.run(
        `COPY (SELECT range AS id, range * 1.5 AS v, 'n' || range AS s FROM range(5)) TO '${path}' (FORMAT parquet)`,
      ),
    );
    const { frame, format } = await loadTable(path);
    expect(format).toBe('parquet');
    expect(Array.from(frame.numbers('v'))).toEqual([0, 1.5, 3, 4.5, 6]);
    expect(frame.strings('s')).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
  });

  it('reads .xlsx with exceljs: numbers, text, formulas, dates, blanks', async () => {
    const path = join(tempDir(), 'accounts.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Accounts');
    sheet.addRow(['Account Name', 'Employees', 'Revenue', 'Created']);
    sheet.addRow(['Acme', 120, { formula: '1000*2', result: 2000 }, new Date(Date.UTC(2024, 0, 15))]);
    sheet.addRow(['Beta', null, 5, null]);
    sheet.addRow(['Gamma', 'lots', 7, null]);
    await workbook.xlsx.writeFile(path);
    const { frame, format } = await loadTable(path);
    expect(format).toBe('xlsx');
    expect(frame.columnNames).toEqual(['Account Name', 'Employees', 'Revenue', 'Created']);
    expect(Array.from(frame.numbers('Revenue'))).toEqual([2000, 5, 7]);
    expect(frame.strings('Employees')).toEqual(['120', null, 'lots']);
    expect(frame.strings('Created')).toEqual(['2024-01-15', null, null]);
    await expect(loadTable(path, { sheet: 'Nope' })).rejects.toThrow(
      /no worksheet "Nope"; sheets are "Accounts"/,
    );
  });

  it('.xlsx: the first visible sheet by default (a hidden sheet of stale data is skipped), the sheet read named', async () => {
    const path = join(tempDir(), 'export.xlsx');
    const workbook = new ExcelJS.Workbook();
    const old = workbook.addWorksheet('Old', { state: 'hidden' });
    old.addRow(['Account Name', 'Employees']);
    old.addRow(['Stale Co', 1]);
    const accounts = workbook.addWorksheet('Accounts');
    accounts.addRow(['Account Name', 'Employees']);
    accounts.addRow(['Acme', 120]);
    const notes = workbook.addWorksheet('Notes');
    notes.addRow(['Note']);
    notes.addRow(['exported from Salesforce']);
    await workbook.xlsx.writeFile(path);
    const read = await loadTable(path);
    expect(read.frame.strings('Account Name')).toEqual(['Acme']);
    expect(read.warnings.map((w) => w.message)).toEqual([
      `${path}: read worksheet "Accounts"; the workbook also has "Old" (hidden), "Notes"; set sheet to read another`,
    ]);
    expect((await loadTable(path, { sheet: 3 })).frame.strings('Note')).toEqual(['exported from Salesforce']);
    expect((await loadTable(path, { sheet: 'Old' })).frame.strings('Account Name')).toEqual(['Stale Co']);
    await expect(loadTable(path, { sheet: 4 })).rejects.toThrow(
      /no worksheet number 4; sheets are "Old" \(hidden\), "Accounts", "Notes"/,
    );
    const single = join(tempDir(), 'single.xlsx');
    const one = new ExcelJS.Workbook();
    one.addWorksheet('Accounts').addRow(['Account Name']);
    await one.xlsx.writeFile(single);
    expect((await loadTable(single)).warnings).toEqual([]);
    const hidden = join(tempDir(), 'hidden.xlsx');
    const none = new ExcelJS.Workbook();
    none.addWorksheet('Old', { state: 'hidden' }).addRow(['Account Name']);
    await none.xlsx.writeFile(hidden);
    await expect(loadTable(hidden)).rejects.toThrow(
      /every worksheet is hidden \("Old" \(hidden\)\); name the one to read with sheet/,
    );
  });

  it('.xlsx: a workbook that stores its worksheets before xl/workbook.xml is read (whole, not streamed)', async () => {
    const written = join(tempDir(), 'written.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Old', { state: 'hidden' }).addRow(['Account Name']);
    const accounts = workbook.addWorksheet('Accounts');
    accounts.addRow(['Account Name', 'Employees']);
    accounts.addRow(['Acme', 120]);
    await workbook.xlsx.writeFile(written);
    const zip = await JSZip.loadAsync(readFileSync(written));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]?.dir);
    const sheetsFirst = [
      ...names.filter((n) => n.startsWith('xl/worksheets/')),
      ...names.filter((n) => !n.startsWith('xl/worksheets/')),
    ];
    const reordered = new JSZip();
    for (const name of sheetsFirst)
      reordered.file(name, await (zip.files[name] as JSZip.JSZipObject).async('uint8array'));
    const path = join(tempDir(), 'sheets-first.xlsx');
    writeFileSync(path, await reordered.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const read = await loadTable(path);
    expect(read.frame.strings('Account Name')).toEqual(['Acme']);
    expect(Array.from(read.frame.numbers('Employees'))).toEqual([120]);
    expect(read.warnings.map((w) => w.message)).toEqual([
      `${path}: read worksheet "Accounts"; the workbook also has "Old" (hidden); set sheet to read another`,
    ]);
  });

  it('.xlsx: rich text and rich-text hyperlinks read as their text; never "[object Object]"', async () => {
    const path = join(tempDir(), 'rich.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Accounts');
    sheet.addRow(['Account Name', 'Website']);
    sheet.addRow([
      { richText: [{ text: 'Acme ', font: { bold: true } }, { text: 'GmbH' }] },
      { text: { richText: [{ text: 'acme.de' }] }, hyperlink: 'https://acme.de' },
    ]);
    await workbook.xlsx.writeFile(path);
    const { frame } = await loadTable(path);
    expect(frame.strings('Account Name')).toEqual(['Acme GmbH']);
    expect(frame.strings('Website')).toEqual(['acme.de']);
  });

  it('.xlsx: a formula saved without its value, and a value beyond the header, are errors naming the cell', async () => {
    const write = async (rows: unknown[][]) => {
      const path = join(tempDir(), 'x.xlsx');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Accounts');
      for (const row of rows) sheet.addRow(row);
      await workbook.xlsx.writeFile(path);
      return path;
    };
    const formula = await write([
      ['Account Name', 'Employees'],
      ['Acme', 10],
      ['Beta', { formula: 'B2*2' }],
    ]);
    await expect(loadTable(formula)).rejects.toThrow(
      /x\.xlsx, row 2, column "Employees": a formula saved without its value; open the file in Excel and save it again \(or paste values\)$/,
    );
    const beyond = await write([
      ['Account Name', 'Employees'],
      ['Acme', 10, 'stray note'],
    ]);
    await expect(loadTable(beyond)).rejects.toThrow(
      /x\.xlsx, row 1: a value in column 3, beyond the header's 2 columns; give that column a header or delete the value$/,
    );
  });

  it('rejects a file that is not really .xlsx', async () => {
    const path = join(tempDir(), 'fake.xlsx');
    writeFileSync(path, 'not a zip');
    await expect(loadTable(path)).rejects.toThrow(/fake\.xlsx: cannot read as \.xlsx/);
  });
});

describe('schema checks', () => {
  it('names missing columns and what the file has', async () => {
    const { frame } = await loadTable(tempFile('s.csv', 'account_id,name\n1,a\n'));
    expect(() => requireColumns(frame, ['account_id', 'employees'], 's.csv')).toThrow(
      /^s\.csv: missing column "employees" \(columns are "account_id", "name"\)$/,
    );
  });

  it('names the first missing or non-finite numeric value', async () => {
    const { frame } = await loadTable(tempFile('n.csv', 'x,y\n1,2\n,3\n'));
    expect(() => requireNumeric(frame, 'x', { file: 'n.csv' })).toThrow(
      /^n\.csv, row 2, column "x": value is missing/,
    );
    expect(Array.from(requireNumeric(frame, 'x', { allowMissing: true }))).toEqual([1, NaN]);
    const { frame: inf } = await loadTable(tempFile('i.csv', 'x\n1\n1e400\n'));
    expect(() => requireNumeric(inf, 'x', { file: 'i.csv' })).toThrow(
      /^i\.csv, row 2, column "x": Infinity is not a finite number$/,
    );
  });
});
