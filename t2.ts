import { cleanseAccounts, loadTable } from './src/index.ts';
for (const f of ['dynamics/accounts.csv', 'zoominfo/companies.csv']) {
  const raw = await loadTable('test/fixtures/exports/' + f, { allText: true });
  const r = cleanseAccounts(raw.frame, { file: f });
  console.log(r.report.header_mapping, r.frame.toRows().map((x) => [x.account_id, x.name, x.domain, x.industry, x.country, x.employees, x.annual_revenue]), r.warnings, r.report.columns.industry.invalid_examples);
}
