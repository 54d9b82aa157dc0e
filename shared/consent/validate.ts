// Structural validation of a consent record received over the wire, naming the first field that is wrong.
import { CONSENT_SCHEMA_VERSION, consentStates, legalBases, type ConsentRecord } from './record.js';

type Check = [boolean, string];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 2048): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isText = (v: unknown) => isObj(v) && isStr(v.id) && isStr(v.en);
const isTime = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;

export function validateConsentRecord(value: unknown): { ok: true; record: ConsentRecord } | { ok: false; field: string } {
  if (!isObj(value)) return { ok: false, field: '(root)' };
  const r = value;
  const items = Array.isArray(r.dataItems) ? r.dataItems : [];
  const history = Array.isArray(r.statusHistory) ? r.statusHistory : [];
  const checks: Check[] = [
    [isStr(r.recordId, 128), 'recordId'],
    [r.schemaVersion === CONSENT_SCHEMA_VERSION, 'schemaVersion'],
    [isTime(r.createdAt), 'createdAt'],
    [r.jurisdiction === 'ID', 'jurisdiction'],
    [r.language === 'id' || r.language === 'en', 'language'],
    [isObj(r.subject) && isStr(r.subject.holderKeyThumbprint, 128), 'subject.holderKeyThumbprint'],
    [isObj(r.controller) && isStr(r.controller.id) && isStr(r.controller.name) && isStr(r.controller.contact) && isStr(r.controller.dpoContact), 'controller'],
    [isObj(r.privacyNotice) && isStr(r.privacyNotice.url) && isStr(r.privacyNotice.sha256, 128), 'privacyNotice'],
    [isObj(r.purpose) && isStr(r.purpose.code, 128) && isText(r.purpose.description), 'purpose'],
    [(legalBases as readonly unknown[]).includes(r.legalBasis), 'legalBasis'],
    [
      Array.isArray(r.dataItems) &&
        items.every((d) => isObj(d) && isStr(d.name, 512) && (d.credential === undefined || isStr(d.credential, 128)) && typeof d.required === 'boolean' && typeof d.shared === 'boolean'),
      'dataItems',
    ],
    [Number.isSafeInteger(r.retentionDays) && (r.retentionDays as number) >= 0, 'retentionDays'],
    [Array.isArray(r.recipients) && r.recipients.every((x) => isObj(x) && isStr(x.id) && isStr(x.name)), 'recipients'],
    [isObj(r.withdrawal) && isText(r.withdrawal.method) && isStr(r.withdrawal.url), 'withdrawal'],
    [isText(r.rights), 'rights'],
    [isObj(r.supervisingAuthority) && isStr(r.supervisingAuthority.name) && isStr(r.supervisingAuthority.contact), 'supervisingAuthority'],
    [isObj(r.presentation) && isStr(r.presentation.requestId) && isStr(r.presentation.nonce) && isStr(r.presentation.audience), 'presentation'],
    [(consentStates as readonly unknown[]).includes(r.state), 'state'],
    [history.length > 0 && history.every((h) => isObj(h) && (consentStates as readonly unknown[]).includes(h.state) && isTime(h.at)), 'statusHistory'],
    [r.previous === undefined || (isObj(r.previous) && isStr(r.previous.recordId) && isStr(r.previous.sha256)), 'previous'],
  ];
  const failed = checks.find(([ok]) => !ok);
  if (failed) return { ok: false, field: failed[1] };
  const last = history.at(-1) as { state: string };
  if (last.state !== r.state) return { ok: false, field: 'statusHistory' };
  return { ok: true, record: value as unknown as ConsentRecord };
}
