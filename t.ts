import { readFileSync } from 'node:fs';
import { normalizeIndustry } from './src/index.ts';
const list = readFileSync('/tmp/hubspot-industries.txt', 'utf8').trim().split(/\s+/);
const zi = ['Agriculture','Business Services','Construction','Consumer Services','Cultural','Education','Energy, Utilities & Waste','Finance','Government','Healthcare Services','Holding Companies & Conglomerates','Hospitality','Hospitals & Physicians Clinics','Insurance','Law Firms & Legal Services','Manufacturing','Media & Internet','Minerals & Mining','Organizations','Real Estate','Retail','Software','Telecommunications','Transportation','Industrial Machinery & Equipment','Colleges & Universities','K-12 Schools','Banking','Investment Banking','Medical Devices & Equipment','Pharmaceuticals','Trucking, Moving & Storage','Restaurants','Hotels','Electricity, Oil & Gas','Construction & Mining Machinery','Food & Beverage','Automotive Parts','Computer Equipment & Peripherals','Accounting Services','Management Consulting','Advertising & Marketing','Freight & Logistics Services','Nonprofit'];
let ok = 0; const bad: string[] = [];
for (const v of [...list, ...zi]) { const r = normalizeIndustry(v); if (r.status === 'ok') ok++; else bad.push(v); }
console.log(list.length, zi.length, ok, bad.join(' | '));
import { INDUSTRY_NAMES } from './src/index.ts';
import { VENDOR_INDUSTRIES } from './src/cleanse/industry-vendors.ts';
console.log(Object.keys(VENDOR_INDUSTRIES).filter((k) => !INDUSTRY_NAMES.includes(k)));
