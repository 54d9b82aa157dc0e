// The consent receipt: what was shared (or refused) with whom, why, on which legal basis, until when, and how to
// withdraw (and the controls to do it), read from the consent record the wallet signed with the card's holder key; plus its place in the log.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { ConsentRecord } from '../../../../shared/consent/record.js';
import { validateConsentRecord } from '../../../../shared/consent/validate.js';
import { parseCompactJws } from '../../../../shared/jose/jws.js';
import { isFailure } from '../../../../shared/verification/result.js';
import { ConsentControl } from '../../components/consent-control/index.js';
import { ConsentFacts } from '../../components/consent-facts/index.js';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { formatNumber, locale, t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import { labelFor } from '../../lib/credential-display.js';
import { useWallet } from '../../lib/use-wallet.js';
import { getPresentationRecord, type PresentationRecord } from '../../state/presentation-records.js';
import { credentialById } from '../../state/wallet.js';
import '../present/present.css';

const DAY_MS = 24 * 3600 * 1000;

function consentOf(entry: PresentationRecord): ConsentRecord | undefined {
  if (!entry.consentRecordJws) return undefined;
  const jws = parseCompactJws(entry.consentRecordJws);
  if (isFailure(jws)) return undefined;
  const valid = validateConsentRecord(jws.payload);
  return valid.ok ? valid.record : undefined;
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="claims__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** An answer to a verifier outside Sahih: what went, from the wallet's own record; no consent record, no log entry. */
function OutsideSahih({ entry, label }: { entry: PresentationRecord; label: (name: string, credential?: string) => string }) {
  const outside = entry.outsideSahih!;
  const items = entry.sharedCards ? entry.sharedCards.flatMap((c) => c.claimNames.map((name) => ({ name, credential: c.queryId }))) : entry.claimNames.map((name) => ({ name, credential: undefined }));
  return (
    <div data-outside-sahih="true">
      <h2>{t('receipt.shared')}</h2>
      {items.length ? (
        <ul class="receipt-shared">
          {items.map((d) => (
            <li key={`${d.credential ?? ''}.${d.name}`} data-claim={d.name}>
              {label(d.name, d.credential)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('receipt.none')}</p>
      )}
      <p class="notice">{t('receipt.outsideSahih', { host: outside.host })}</p>
      {!outside.identityConfirmed && <p class="hint">{t('receipt.outsideUnconfirmed')}</p>}
    </div>
  );
}

export default function ConsentReceipt() {
  const { params } = useRoute();
  const { state, error } = useWallet();
  const [entry, setEntry] = useState<PresentationRecord | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    if (state === 'ready') getPresentationRecord(params.id ?? '').then((r) => setEntry(r ?? null), setLoadError);
  }, [state, params.id]);

  if (error || loadError) return <ErrorNotice error={error ?? loadError} />;
  // The receipt is sealed in the vault: a locked wallet asks for the passkey instead of waiting forever.
  if (state === 'locked') {
    return (
      <section aria-labelledby="receipt-locked-title">
        <h1 id="receipt-locked-title">{t('consents.title')}</h1>
        <UnlockCard message="consents.locked" />
      </section>
    );
  }
  if (state === 'loading' || entry === undefined) return <p aria-busy="true">{t('common.loading')}</p>;
  if (entry === null) {
    return (
      <section class="card">
        <h1>{t('receipt.notFound')}</h1>
        <a href="/consent-receipts">{t('receipt.allConsents')}</a>
      </section>
    );
  }
  const record = consentOf(entry);
  const shared = entry.decision === 'shared';
  // A data item of a several-card answer names its credential query; its label comes from that query's card.
  const viewOf = (credential?: string) => {
    const id = (credential && entry.sharedCards?.find((c) => c.queryId === credential)?.credentialId) || entry.credentialId;
    return id ? credentialById(id) : undefined;
  };
  const view = viewOf();
  const label = (name: string, credential?: string) => labelFor(viewOf(credential)?.claimsMeta ?? [], name.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
  const items = record?.dataItems ?? [];
  const sharedItems = items.filter((d) => d.shared);
  const notShared = items.filter((d) => !d.shared);
  const date = dateWords(entry.at, 'longDateTime');
  return (
    <article aria-labelledby="receipt-title">
      <a href="/consent-receipts" class="back-link">
        {t('receipt.allConsents')}
      </a>
      <h1 id="receipt-title">{t(shared ? 'receipt.title' : 'receipt.titleRefused')}</h1>
      <div class="card" data-decision={entry.decision}>
        <p class="present-asks">{t(shared ? 'receipt.sharedLead' : 'receipt.refusedLead', { agency: entry.agencyName, date })}</p>
        {!shared && <p class="receipt-refused-seen">{t('receipt.refusedSeen', { agency: entry.agencyName })}</p>}
        {record && (
          <>
            {shared && (
              <>
                <h2>{t('receipt.shared')}</h2>
                {sharedItems.length ? (
                  <ul class="receipt-shared">
                    {sharedItems.map((d) => (
                      <li key={`${d.credential ?? ''}.${d.name}`} data-claim={d.name}>
                        {label(d.name, d.credential)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>{t('receipt.none')}</p>
                )}
              </>
            )}
            {notShared.length > 0 && (
              <>
                <h2>{t(shared ? 'receipt.notShared' : 'receipt.askedNotShared')}</h2>
                <ul class="receipt-not-shared">
                  {notShared.map((d) => (
                    <li key={`${d.credential ?? ''}.${d.name}`}>{label(d.name, d.credential)}</li>
                  ))}
                </ul>
              </>
            )}
            <h2>{t(shared ? 'receipt.about' : 'receipt.aboutRequest')}</h2>
            <ConsentFacts
              agency={record.controller}
              purpose={record.purpose.description}
              legalBasis={record.legalBasis}
              retention={
                shared
                  ? {
                      label: t('receipt.keptUntil'),
                      value: record.retentionDays === 0 ? t('present.retentionNone') : dateWords(record.createdAt * 1000 + record.retentionDays * DAY_MS, 'longDate'),
                    }
                  : { label: t('receipt.keptByAgency'), value: t('receipt.keptNothing') }
              }
              recipients={record.recipients}
              privacyNoticeUrl={record.privacyNotice.url}
              withdrawal={shared}
            >
              <Row label={t('receipt.rights')}>{record.rights[locale.value]}</Row>
              <Row label={t('receipt.authority')}>{`${record.supervisingAuthority.name} (${record.supervisingAuthority.contact})`}</Row>
              {entry.receipt && <Row label={t('receipt.logEntry')}>{t('receipt.logEntryValue')}</Row>}
            </ConsentFacts>
            <p class="hint">{t('receipt.signed')}</p>
            <details class="receipt__details" data-technical-details>
              <summary>{t('receipt.technical')}</summary>
              <dl class="claims">
                <Row label={t('receipt.recordId')}>
                  <code>{entry.consentRecordId ?? record.recordId}</code>
                </Row>
                {entry.receipt && <Row label={t('activity.details.leafIndex')}>{formatNumber(entry.receipt.leafIndex)}</Row>}
              </dl>
            </details>
          </>
        )}
        {entry.outsideSahih && <OutsideSahih entry={entry} label={label} />}
        {view && (
          <p>
            <a href={`/credentials/${view.id}`}>{t('receipt.viewCard')}</a>
          </p>
        )}
      </div>
      {shared && record && <ConsentControl entry={entry} onChanged={setEntry} />}
      {!entry.outsideSahih && (
        <p>
          <a href={`/rights?agency=${encodeURIComponent(entry.agencyId)}&agencyName=${encodeURIComponent(entry.agencyName)}`}>{t('receipt.rightsLink')}</a>
        </p>
      )}
    </article>
  );
}
