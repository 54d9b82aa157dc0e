// "My consents": the wallet's own record of every answer it gave to a data request, newest first, each linking to its
// receipt. A minimal list; the full access log with proofs is the "who used my data" screen.
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { ConsentRecordList } from '../../components/consent-list/index.js';
import { t } from '../../i18n/index.js';
import { useWallet } from '../../lib/use-wallet.js';
import { listPresentationRecords, type PresentationRecord } from '../../state/presentation-records.js';

export default function Consents() {
  const { state, error } = useWallet();
  const [records, setRecords] = useState<PresentationRecord[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    if (state === 'ready') listPresentationRecords().then(setRecords, setLoadError);
  }, [state]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="consents-title">
      <a href="/" class="back-link">
        {t('common.back')}
      </a>
      <h1 id="consents-title">{t('consents.title')}</h1>
      <ErrorNotice error={loadError} />
      {state === 'locked' && <UnlockCard message="consents.locked" />}
      <div class="card">
        <p>{t('consents.lead')}</p>
        {records && (records.length ? <ConsentRecordList records={records} /> : <p>{t('consents.empty')}</p>)}
      </div>
    </section>
  );
}
