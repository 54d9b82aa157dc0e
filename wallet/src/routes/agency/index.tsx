// An agency's page: who it is, what it may use citizens' data for (its registered purposes in plain words), whom to
// contact about data protection, and a suggestion box (saran) that the agency reads without knowing who wrote it.
import { useEffect, useState } from 'preact/hooks';
import type { LocalizedText } from '../../../../shared/consent/record.js';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { FeedbackForm } from '../../components/feedback-form/index.js';
import { t } from '../../i18n/index.js';
import { legalBasisWords, purposeWords } from '../../i18n/words.js';
import { api } from '../../lib/api.js';
import { useWallet } from '../../lib/use-wallet.js';

interface PublicAgency {
  id: string;
  legalName: string;
  dpoContact: string;
  privacyNoticeUrl: string;
  purposes: { code: string; description: LocalizedText; legalBasis: string; maxRetentionDays: number }[];
}

export default function Agency({ id }: { id: string }) {
  const { state } = useWallet();
  const [agency, setAgency] = useState<PublicAgency | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<PublicAgency>(`/v1/registry/agencies/${encodeURIComponent(id)}`).then(setAgency, setError);
  }, [id]);
  if (error) return <ErrorNotice error={error} />;
  if (!agency) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="agency-title" class="agency">
      <h1 id="agency-title">{agency.legalName}</h1>
      <div class="card">
        <h2>{t('agency.purposes')}</h2>
        {agency.purposes.length ? (
          <ul>
            {agency.purposes.map((p) => (
              <li key={p.code}>
                {purposeWords(p)} — {legalBasisWords(p.legalBasis)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('agency.noPurposes')}</p>
        )}
        <p>
          {t('agency.dpo')} {agency.dpoContact}
        </p>
        <p>
          <a href={agency.privacyNoticeUrl} rel="noopener noreferrer">
            {t('agency.notice')}
          </a>
        </p>
      </div>
      <div class="card">
        <h2 id="agency-suggest-title">{t('feedback.suggest.title', { agency: agency.legalName })}</h2>
        {state === 'ready' ? (
          <FeedbackForm agencyId={agency.id} agencyName={agency.legalName} idPrefix="agency-suggest" />
        ) : (
          <p>{t('agency.signInToSuggest')}</p>
        )}
      </div>
      <p>
        <a href={`/rights?agency=${encodeURIComponent(agency.id)}&agencyName=${encodeURIComponent(agency.legalName)}`}>{t('agency.rights')}</a>
      </p>
    </section>
  );
}
