// A list of the wallet's answers to data requests (shared or refused), each linking to its consent receipt; with
// `credentialId`, loads and lists only the answers drawn from that card (the credential detail screen).
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import { listPresentationRecords, type PresentationRecord } from '../../state/presentation-records.js';
import './consent-list.css';

export function ConsentRecordList({ records }: { records: PresentationRecord[] }) {
  return (
    <ul class="consent-list">
      {records.map((r) => (
        <li key={r.id} data-decision={r.decision}>
          <a href={`/consent-receipts/${r.id}`}>{r.agencyName}</a>
          <p>
            <span class={`badge badge--${r.decision === 'shared' ? 'valid' : 'unknown'}`}>{t(r.decision === 'shared' ? 'consents.shared' : 'consents.declined')}</span>{' '}
            <span class="muted">{dateWords(r.at, 'dateTime')}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}

export function CardConsents({ credentialId }: { credentialId: string }) {
  const [records, setRecords] = useState<PresentationRecord[] | null>(null);
  useEffect(() => {
    listPresentationRecords().then((all) => setRecords(all.filter((r) => r.credentialId === credentialId)), () => setRecords([]));
  }, [credentialId]);
  if (!records) return null;
  return (
    <>
      {records.length ? <ConsentRecordList records={records} /> : <p>{t('detail.noConsents')}</p>}
      <p>
        <a href="/consent-receipts">{t('receipt.allConsents')}</a>
      </p>
    </>
  );
}
