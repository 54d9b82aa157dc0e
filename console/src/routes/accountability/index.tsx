// Accountability view: the agency's access events (in words, with the agency's reference, searchable by it), citizens'
// rights requests with their 3x24-hour deadlines (overdue ones highlighted), whose data each is about, and answers,
// withdrawn consents awaiting action, and the back-office declaration form.
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice.js';
import { RefSearch } from '../../components/ref-search.js';
import { formatDateTime, t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/id.js';
import { basisWord, claimList, kindWord, purposeWord } from '../../i18n/words.js';
import {
  acknowledgeWithdrawal,
  answerRights,
  declare,
  events,
  eventSearch,
  eventsError,
  loadEvents,
  loadRights,
  loadWithdrawals,
  rights,
  rightsError,
  validateDeclaration,
  withdrawals,
  withdrawalsError,
  type Declaration,
  type DeclarationErrors,
  type RightsRequest,
} from '../../state/accountability.js';

const LEGAL_BASES = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'];

function EventsPanel() {
  const list = events.value;
  return (
    // Not a named region itself: the scrollable table inside is the region with this name (axe landmark-unique).
    <section class="card">
      <div class="screen-head">
        <h2 id="events-title">{t('acc.events')}</h2>
        <button type="button" class="button button--secondary button--small" onClick={() => void loadEvents()}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="hint">{t('acc.eventsLead')}</p>
      <RefSearch id="events-search" term={eventSearch} reload={loadEvents} />
      <ErrorNotice error={eventsError.value} />
      {list === null ? (
        <p>{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{eventSearch.value ? t('common.searchNone', { ref: eventSearch.value }) : t('common.none')}</p>
      ) : (
        <div class="console-table-wrap" tabIndex={0} role="region" aria-labelledby="events-title">
          <table class="console-table" data-table="events">
            <caption class="visually-hidden">{t('acc.events')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acc.col.when')}</th>
                <th scope="col">{t('acc.col.kind')}</th>
                <th scope="col">{t('acc.col.purpose')}</th>
                <th scope="col">{t('acc.col.data')}</th>
                <th scope="col">{t('ref.column')}</th>
                <th scope="col">{t('acc.col.leaf')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.eventId} data-kind={e.kind}>
                  <td>{formatDateTime(e.occurredAt * 1000)}</td>
                  <td>{kindWord(e.kind)}</td>
                  <td>
                    {purposeWord(e.purpose?.code, e.purpose?.description)}
                    {e.legalBasis ? <span class="hint"> · {basisWord(e.legalBasis)}</span> : null}
                  </td>
                  <td>{claimList(e.dataItems ?? [])}</td>
                  <td class="console-ref" data-agency-ref={e.agencyRef ?? ''}>
                    {e.agencyRef ?? ''}
                  </td>
                  <td>{e.leafIndex}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RightsItem({ r }: { r: RightsRequest }) {
  const [response, setResponse] = useState('');
  const [missing, setMissing] = useState(false);
  const open = r.status === 'filed' || r.status === 'acknowledged';
  const id = `rights-${r.id}`;
  const answer = (status: 'acknowledged' | 'completed' | 'rejected') => {
    if (status !== 'acknowledged' && !response.trim()) {
      setMissing(true);
      document.getElementById(`${id}-response`)?.focus();
      return;
    }
    setMissing(false);
    void answerRights(r.id, status, response);
  };
  return (
    <li class={`card console-rights${r.overdue && open ? ' console-rights--overdue' : ''}`} data-rights={r.id} data-status={r.status} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t(`acc.rights.kind.${r.kind}`)} · <span class={`badge badge--${r.status === 'completed' ? 'valid' : r.status === 'rejected' ? 'revoked' : 'suspended'}`}>{t(`acc.rights.status.${r.status}`)}</span>
        {r.overdue && open ? <strong class="console-overdue"> {t('acc.rights.overdue')}</strong> : null}
      </h3>
      <p class="hint">
        {t('acc.rights.filed', { time: formatDateTime(r.filedAt) })} · {t('acc.rights.due', { time: formatDateTime(r.dueAt) })}
      </p>
      <p class="console-about" data-agency-refs={(r.agencyRefs ?? []).join(',')}>
        {r.agencyRefs?.length ? <strong>{t('acc.rights.about', { refs: r.agencyRefs.join(', ') })}</strong> : <span class="hint">{t('acc.rights.aboutNone')}</span>}
      </p>
      <blockquote class="console-quote">{r.message}</blockquote>
      {r.response ? <p>{r.response}</p> : null}
      {open ? (
        <>
          <div class="field">
            <label for={`${id}-response`}>{t('acc.rights.response')}</label>
            <textarea
              id={`${id}-response`}
              rows={2}
              value={response}
              onInput={(e) => setResponse((e.currentTarget as HTMLTextAreaElement).value)}
              aria-invalid={missing ? 'true' : undefined}
              aria-describedby={missing ? `${id}-response-error` : undefined}
            />
            {missing ? (
              <p id={`${id}-response-error`} class="field-error">
                {t('acc.rights.responseRequired')}
              </p>
            ) : null}
          </div>
          <div class="button-row">
            {r.status === 'filed' ? (
              <button type="button" class="button button--secondary button--small" onClick={() => answer('acknowledged')}>
                {t('acc.rights.acknowledge')}
              </button>
            ) : null}
            <button type="button" class="button button--small" onClick={() => answer('completed')}>
              {t('acc.rights.complete')}
            </button>
            <button type="button" class="button button--danger button--small" onClick={() => answer('rejected')}>
              {t('acc.rights.reject')}
            </button>
          </div>
        </>
      ) : null}
    </li>
  );
}

function RightsPanel() {
  const list = rights.value;
  const w = withdrawals.value;
  return (
    <section class="card" aria-labelledby="rights-title">
      <h2 id="rights-title">{t('acc.rights')}</h2>
      <p class="hint">{t('acc.rightsLead')}</p>
      <ErrorNotice error={rightsError.value} />
      {list === null ? <p>{t('common.loading')}</p> : list.length === 0 ? <p>{t('common.none')}</p> : <ul class="console-list">{list.map((r) => <RightsItem key={r.id} r={r} />)}</ul>}
      <h3>{t('acc.withdrawals')}</h3>
      <ErrorNotice error={withdrawalsError.value} />
      <div data-withdrawals={w === null ? 'loading' : w === 'unavailable' ? 'unavailable' : w.length ? 'listed' : 'none'}>
        {w === null ? (
          <p>{t('common.loading')}</p>
        ) : w === 'unavailable' ? (
          <p class="hint">{t('acc.withdrawalsUnavailable')}</p>
        ) : w.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <ul class="console-list">
            {w.map((c) => (
              <li key={c.id} class={`console-withdrawal${c.overdue ? ' console-rights--overdue' : ''}`} data-consent={c.id}>
                <strong>{purposeWord(c.purposeCode)}</strong> · {t('acc.withdrawals.withdrawn', { time: formatDateTime(c.updatedAt), due: c.actionDueAt ? formatDateTime(c.actionDueAt) : '—' })}
                {c.overdue ? <strong class="console-overdue"> {t('acc.rights.overdue')}</strong> : null}{' '}
                {c.acknowledgedAt === null ? (
                  <button type="button" class="button button--secondary button--small" onClick={() => void acknowledgeWithdrawal(c.id)}>
                    {t('acc.withdrawals.acknowledge')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

const emptyDeclaration: Declaration = { nik: '', legalBasis: 'legal_obligation', purposeId: '', purposeEn: '', categories: '', system: '', reference: '' };

function DeclarePanel() {
  const [d, setD] = useState<Declaration>(emptyDeclaration);
  const [errors, setErrors] = useState<DeclarationErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<{ matched: boolean; leafIndex: number } | null>(null);
  const set = (key: keyof Declaration) => (e: Event) => setD({ ...d, [key]: (e.currentTarget as HTMLInputElement).value });
  const fieldProps = (key: keyof Declaration) => ({
    id: `declare-${key}`,
    value: d[key],
    onInput: set(key),
    'aria-invalid': errors[key] ? ('true' as const) : undefined,
    'aria-describedby': errors[key] ? `declare-${key}-error` : undefined,
  });
  const error = (key: keyof Declaration) =>
    errors[key] ? (
      <p id={`declare-${key}-error`} class="field-error">
        {t(errors[key]!)}
      </p>
    ) : null;
  async function submit(e: Event) {
    e.preventDefault();
    setDone(null);
    setFailure(null);
    const found = validateDeclaration(d);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`declare-${first}`)?.focus();
      return;
    }
    try {
      setDone(await declare(d));
      setD(emptyDeclaration);
    } catch (err) {
      setFailure(err);
    }
  }
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="declare-title">
      <h2 id="declare-title">{t('acc.declare')}</h2>
      <p class="hint">{t('acc.declareLead')}</p>
      <div class="field">
        <label for="declare-nik">{t('acc.declare.nik')}</label>
        <input {...fieldProps('nik')} inputMode="numeric" autocomplete="off" aria-describedby={errors.nik ? 'declare-nik-hint declare-nik-error' : 'declare-nik-hint'} />
        <p id="declare-nik-hint" class="hint">
          {t('acc.declare.nikHint')}
        </p>
        {error('nik')}
      </div>
      <div class="field">
        <label for="declare-legalBasis">{t('acc.declare.legalBasis')}</label>
        <select id="declare-legalBasis" value={d.legalBasis} onChange={set('legalBasis')}>
          {LEGAL_BASES.map((b) => (
            <option key={b} value={b}>
              {t(`basis.${b}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="declare-purposeId">{t('acc.declare.purpose')}</label>
        <input {...fieldProps('purposeId')} />
        {error('purposeId')}
      </div>
      <div class="field">
        <label for="declare-purposeEn">{t('acc.declare.purposeEn')}</label>
        <input {...fieldProps('purposeEn')} lang="en" />
        {error('purposeEn')}
      </div>
      <div class="field">
        <label for="declare-categories">{t('acc.declare.categories')}</label>
        <input {...fieldProps('categories')} />
        {error('categories')}
      </div>
      <div class="field">
        <label for="declare-system">{t('acc.declare.system')}</label>
        <input {...fieldProps('system')} />
      </div>
      <div class="field">
        <label for="declare-reference">{t('ref.label')}</label>
        <input {...fieldProps('reference')} maxLength={64} autocomplete="off" aria-describedby={errors.reference ? 'declare-reference-hint declare-reference-error' : 'declare-reference-hint'} />
        <p id="declare-reference-hint" class="hint">
          {t('ref.hint')}
        </p>
        {error('reference')}
      </div>
      <ErrorNotice error={failure} />
      <p role="status">{done ? t('acc.declare.done', { leaf: done.leafIndex, matched: t(done.matched ? 'acc.declare.matched' : 'acc.declare.unmatched') }) : ''}</p>
      <button type="submit" class="button">
        {t('acc.declare.submit')}
      </button>
    </form>
  );
}

export default function Accountability() {
  useEffect(() => {
    void loadEvents();
    void loadRights();
    void loadWithdrawals();
  }, []);
  return (
    <section aria-labelledby="acc-title">
      <h1 id="acc-title">{t('acc.title')}</h1>
      <EventsPanel />
      <RightsPanel />
      <DeclarePanel />
    </section>
  );
}
