/**
 * Company web domains: "https://www.Acme.com/about", "acme.com:443", "info@acme.com" → "acme.com".
 */
import { domainToASCII } from 'node:url';
import { invalid, isPlaceholder, MISSING, ok, type Normalized } from './result.ts';
import { visibleText } from './fold-text.ts';

/**
 * Domains that identify a mail or social provider rather than the company; using them as a key
 * would merge every account that shares them.
 */
export const NON_COMPANY_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'protonmail.com',
  'proton.me',
  'qq.com',
  '163.com',
  'yandex.ru',
  'linkedin.com',
  'facebook.com',
  'twitter.com',
  'x.com',
  'instagram.com',
  'example.com',
]);

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalizes a website, URL or e-mail address to a lower-case host name without scheme, `www.`,
 * path, query, port or trailing dot. Mail/social provider domains ({@link NON_COMPANY_DOMAINS}),
 * IP addresses and names without a top-level domain are invalid.
 *
 * @example
 * normalizeDomain('https://www.Acme.com/about?x=1'); // { status: 'ok', value: 'acme.com' }
 * normalizeDomain('sales@acme.co.uk');               // { status: 'ok', value: 'acme.co.uk' }
 * normalizeDomain('acme');                           // { status: 'invalid', reason: 'no top-level domain' }
 */
export function normalizeDomain(raw: string | null | undefined): Normalized<string> {
  if (raw === null || raw === undefined || isPlaceholder(raw)) return MISSING;
  let s = visibleText(raw).toLowerCase();
  if (/\s/.test(s)) return invalid('contains spaces');
  const at = s.lastIndexOf('@');
  if (at >= 0 && !s.includes('/')) s = s.slice(at + 1);
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  s = s.split(/[/?#]/, 1)[0] ?? '';
  s = s.replace(/^[^@]*@/, ''); // credentials in a URL
  s = s.replace(/:\d*$/, '');
  s = s.replace(/\.+$/, '');
  while (s.startsWith('www.') || /^www\d\./.test(s)) s = s.slice(s.indexOf('.') + 1);
  if (s === '') return invalid('no host name');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return invalid('an IP address, not a domain');
  const ascii = domainToASCII(s);
  if (ascii === '') return invalid('not a valid host name');
  const labels = ascii.split('.');
  if (labels.length < 2) return invalid('no top-level domain');
  if (!labels.every((l) => LABEL.test(l))) return invalid('not a valid host name');
  if (!/^[a-z]{2,}$|^xn--[a-z0-9-]+$/.test(labels[labels.length - 1] as string))
    return invalid('not a valid top-level domain');
  if (NON_COMPANY_DOMAINS.has(ascii)) return invalid('a mail or social provider, not a company domain');
  return ok(ascii);
}
