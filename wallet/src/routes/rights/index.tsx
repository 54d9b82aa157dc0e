// "Hak saya / My rights" (UU PDP): ask an agency to delete data or complain about an access, follow each request
// against its 3x24-hour deadline, download everything the service and this wallet hold as one JSON file, and print a
// summary. Agencies come from the citizen's consents and the wallet's own records; a complaint may name one access
// event, reached from the "Who used my data" screen.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { t } from '../../i18n/index.js';
import { consentStateWords, dateWords, purposeWords, requestStatusWords } from '../../i18n/words.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import { consentFor, consentsError, loadServiceConsents, serviceConsents } from '../../state/consent-control.js';
import { listPresentationRecords, type PresentationRecord } from '../../state/presentation-records.js';
import { buildExportBundle, downloadJson, fileRightsRequest, loadRightsRequests, rightsError, rightsRequests, type RightsKind, type RightsRequest } from '../../state/rights.js';
import './rights.css';

const when = (ms: number | string) => dateWords(ms, 'longDateTime');

function agenciesFrom(records: PresentationRecord[], extra: { id: string; name: string } | undefined) {
  const map = new Map<string, string>();
  for (const c of serviceConsents.value ?? []) map.set(c.agency.id, c.agency.name);
  for (const r of records) if (!map.has(r.agencyId)) map.set(r.agencyId, r.agencyName);
  if (extra && !map.has(extra.id)) map.set(extra.id, extra.name);
  return [...map].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** A consent under "Hak saya": a link to its receipt, where it can be withdrawn, when this wallet holds the receipt. */
function ConsentLink({ text, recordId }: { text: string; recordId: string | undefined }) {
  if (!recordId) return (
    <>
      {text} <span class="hint">{t('rights.consents.noReceipt')}</span>
    </>
  );
  return (
    <a href={`/consent-receipts/${recordId}`} aria-describedby="rights-consents-help">
      {text}
    </a>
  );
}

function RequestItem({ r }: { r: RightsRequest }) {
  const open = r.status === 'filed' || r.status === 'acknowledged';
  return (
    <li class={`rights-request${r.overdue ? ' rights-request--overdue' : ''}`} data-request-id={r.id} data-kind={r.kind} data-status={r.status}>
      <h3>{t(r.kind === 'deletion' ? 'rights.kind.deletion' : 'rights.kind.complaint')} — {r.agency.name}</h3>
      <dl class="rights-request__facts">
        <div>
          <dt>{t('rights.status')}</dt>
          <dd class="rights-request__status">{requestStatusWords(r.status)}</dd>
        </div>
        <div>
          <dt>{t('rights.filedAt')}</dt>
          <dd>{when(r.filedAt)}</dd>
        </div>
        {open && (
          <div>
            <dt>{t('rights.dueAt')}</dt>
            <dd class="rights-request__due" data-due-at={new Date(r.dueAt).toISOString()}>
              {when(r.dueAt)}
              {r.overdue && <strong class="rights-request__overdue"> {t('rights.overdue')}</strong>}
            </dd>
          </div>
        )}
        {r.response && (
          <div>
            <dt>{t('rights.response')}</dt>
            <dd>{r.response}</dd>
          </div>
        )}
        {r.oversight && (
          <div>
            <dt>{t('rights.oversight')}</dt>
            <dd>{r.oversight.contact ? `${r.oversight.name} (${r.oversight.contact})` : r.oversight.name}</dd>
          </div>
        )}
      </dl>
      <details class="rights-request__details" data-technical-details>
        <summary>{t('common.technicalDetails')}</summary>
        <p>
          {t('common.technicalCode', { code: r.id })}
          {r.eventId && (
            <>
              <br />
              {t('rights.event')}: <code>{r.eventId}</code>
            </>
          )}
        </p>
      </details>
    </li>
  );
}

export default function Rights() {
  const { state, error } = useWallet();
  const { query } = useLocation();
  const [records, setRecords] = useState<PresentationRecord[]>([]);
  const [kind, setKind] = useState<RightsKind>(query.event || query.kind === 'complaint' ? 'complaint' : 'deletion');
  const [agencyId, setAgencyId] = useState(query.agency ?? '');
  const [eventId, setEventId] = useState(query.event ?? '');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const [filed, setFiled] = useState<RightsRequest | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);

  useEffect(() => {
    if (state !== 'ready') return;
    listPresentationRecords().then(setRecords, () => setRecords([]));
    if (online.value) {
      void loadServiceConsents();
      void loadRightsRequests();
    }
  }, [state]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;

  const agencies = agenciesFrom(records, query.agency ? { id: query.agency, name: query.agencyName ?? query.agency } : undefined);
  const chosen = agencyId || agencies[0]?.id || '';

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    setFiled(null);
    try {
      const request = await fileRightsRequest({ kind, agencyId: chosen, message, ...(kind === 'complaint' && eventId ? { eventId } : {}) });
      setFiled(request);
      setMessage('');
    } catch (err) {
      setFormError(err);
    } finally {
      setBusy(false);
    }
  }

  async function download() {
    setExporting(true);
    setExportError(null);
    try {
      downloadJson(await buildExportBundle(), `sahih-data-saya-${new Date().toISOString().slice(0, 10)}.json`);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  }

  const requests = rightsRequests.value ?? [];
  const consents = serviceConsents.value ?? [];
  return (
    <section aria-labelledby="rights-title" class="rights">
      <h1 id="rights-title">{t('rights.title')}</h1>
      <p class="rights__lead">{t('rights.lead')}</p>
      <ErrorNotice error={rightsError.value ?? consentsError.value} />

      <div class="card no-print">
        <h2 id="rights-file-title">{t('rights.file.title')}</h2>
        {agencies.length === 0 ? (
          <p>{t('rights.file.noAgencies')}</p>
        ) : (
          <form onSubmit={(e) => void submit(e)} aria-labelledby="rights-file-title">
            <fieldset class="rights__kinds">
              <legend>{t('rights.file.kind')}</legend>
              {(['deletion', 'complaint'] as const).map((k) => (
                <label key={k} class="rights__kind">
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                  <span>{t(k === 'deletion' ? 'rights.kind.deletion' : 'rights.kind.complaint')}</span>
                </label>
              ))}
            </fieldset>
            <p class="hint">{t(kind === 'deletion' ? 'rights.file.deletionHelp' : 'rights.file.complaintHelp')}</p>
            <div class="field">
              <label for="rights-agency">{t('rights.file.agency')}</label>
              <select id="rights-agency" value={chosen} onChange={(e) => setAgencyId((e.target as HTMLSelectElement).value)}>
                {agencies.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            {kind === 'complaint' && eventId && (
              <p class="rights__event">
                {t('rights.file.aboutEvent', { agency: query.agencyName ?? '', date: query.at ? when(Number(query.at)) : '' })}{' '}
                <button type="button" class="link-button" onClick={() => setEventId('')}>
                  {t('rights.file.anyEvent')}
                </button>
              </p>
            )}
            <div class="field">
              <label for="rights-message">{t('rights.file.message')}</label>
              <textarea id="rights-message" rows={4} maxLength={2000} required value={message} onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)} />
            </div>
            <p class="hint">{t('rights.file.deadline')}</p>
            <button type="submit" class="button" disabled={busy || !online.value} aria-busy={busy}>
              {t('rights.file.submit')}
            </button>
            <ErrorNotice error={formError} />
            {filed && (
              <p class="notice notice--success" role="status">
                {t('rights.file.done', { agency: filed.agency.name, date: when(filed.dueAt) })}
              </p>
            )}
          </form>
        )}
      </div>

      <div class="card print-summary">
        <h2>{t('rights.requests.title')}</h2>
        {requests.length ? (
          <ul class="rights-requests">
            {requests.map((r) => (
              <RequestItem key={r.id} r={r} />
            ))}
          </ul>
        ) : (
          <p>{t('rights.requests.empty')}</p>
        )}
        <h2>{t('rights.consents.title')}</h2>
        {consents.length ? (
          <>
          <p id="rights-consents-help" class="hint no-print">{t('rights.consents.open')}</p>
          <ul class="rights-consents">
            {consents.map((c) => (
              <li key={c.id} data-consent-id={c.id}>
                <ConsentLink text={t('rights.consents.item', { agency: c.agency.name, purpose: purposeWords(c.purpose), state: consentStateWords(c.state) })} recordId={records.find((r) => consentFor(r, [c]))?.id} />
              </li>
            ))}
          </ul>
          </>
        ) : (
          <p>{t('rights.consents.empty')}</p>
        )}
        <p class="hint">{t('rights.printedAt', { date: when(Date.now()) })}</p>
      </div>

      <div class="card no-print" id="export">
        <h2>{t('rights.export.title')}</h2>
        <p>{t('rights.export.lead')}</p>
        <div class="rights__buttons">
          <button type="button" class="button" onClick={() => void download()} disabled={exporting || !online.value} aria-busy={exporting}>
            {t('rights.export.download')}
          </button>
          <button type="button" class="button button--secondary" onClick={() => window.print()}>
            {t('rights.export.print')}
          </button>
        </div>
        <ErrorNotice error={exportError} />
      </div>
    </section>
  );
}
