// "Masukan & kebocoran / Feedback & breaches": what citizens said about the agency's services (no identity: the day,
// the service, the rating, the words), and the breach reports, with the form that files one. Filing warns every
// citizen whose data the agency accessed in the window, at once, and starts the public 3x24-hour record.
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDate, formatDateTime, formatNumber, localized, t } from '../../i18n/index.js';
import { claimList, claimWord, purposeWord } from '../../i18n/words.js';
import { agency, credentialTypes } from '../../state/agency.js';
import {
  breaches,
  breachesError,
  feedback,
  feedbackError,
  feedbackNext,
  fileBreach,
  loadBreaches,
  loadFeedback,
  validateBreach,
  type Breach,
  type BreachErrors,
  type BreachForm,
} from '../../state/voice.js';

function FeedbackPanel() {
  const list = feedback.value;
  const rated = (list ?? []).filter((f) => f.rating !== null);
  const average = rated.length ? rated.reduce((sum, f) => sum + f.rating!, 0) / rated.length : null;
  return (
    <section class="card">
      <h2 id="feedback-title">{t('voice.feedback')}</h2>
      <p class="hint">{t('voice.feedbackLead')}</p>
      <ErrorNotice error={feedbackError.value} />
      {list === null ? (
        <p>{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <>
          {average !== null && <p data-feedback-average={average.toFixed(1)}>{t('voice.feedbackAverage', { average: formatNumber(Math.round(average * 10) / 10), count: rated.length })}</p>}
          <div class="console-table-wrap" tabIndex={0} role="region" aria-labelledby="feedback-title">
            <table class="console-table" data-table="feedback">
              <caption class="visually-hidden">{t('voice.feedback')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('voice.col.day')}</th>
                  <th scope="col">{t('voice.col.service')}</th>
                  <th scope="col">{t('voice.col.rating')}</th>
                  <th scope="col">{t('voice.col.comment')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((f) => (
                  <tr key={f.id} data-subject={f.subject}>
                    <td>{formatDate(`${f.day}T00:00:00Z`)}</td>
                    <td>
                      {t(`voice.subject.${f.subject}`)}
                      {f.purposeCode ? <span class="hint"> · {purposeWord(f.purposeCode)}</span> : null}
                    </td>
                    <td>{f.rating === null ? t('voice.noRating') : t('voice.rating', { rating: f.rating })}</td>
                    <td>{f.comment ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {feedbackNext.value && (
            <button type="button" class="button button--secondary button--small" onClick={() => void loadFeedback(true)}>
              {t('voice.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function BreachItem({ b }: { b: Breach }) {
  return (
    <li class={`card console-rights${b.late ? ' console-rights--overdue' : ''}`} data-breach={b.id}>
      <h3>{t('voice.breach.item', { from: formatDateTime(b.windowStart), to: formatDateTime(b.windowEnd) })}</h3>
      <p>
        {t('voice.breach.data')} {claimList(b.claims)}
        {b.purposes.length ? ` · ${b.purposes.map((p) => purposeWord(p.code, p.description ?? undefined)).join(', ')}` : ''}
      </p>
      <p class="hint" data-late={b.late ? 'true' : 'false'}>
        {t(b.late ? 'voice.breach.late' : 'voice.breach.onTime', { discovered: formatDateTime(b.discoveredAt), due: formatDateTime(b.noticeDueAt), told: formatDateTime(b.notifiedAt) })}
      </p>
      <p data-affected={b.affectedCount ?? ''}>{t('voice.breach.affected', { count: b.affectedCount ?? 0 })}</p>
      <blockquote class="console-quote">{b.whatHappened}</blockquote>
    </li>
  );
}

const emptyForm: BreachForm = { claims: [], purposeCodes: [], windowStart: '', windowEnd: '', discoveredAt: '', whatHappened: '', actionsTaken: '', citizenAdvice: '' };

/** The claims an officer can name: those of the agency's purposes and of the credential types it issues. */
function knownClaims(): string[] {
  const a = agency.value;
  const names = new Set<string>();
  for (const p of a?.purposes ?? []) for (const c of p.claims) if (c.path[0]) names.add(c.path[0]);
  for (const type of credentialTypes.value) if (a?.credentialTypes.includes(type.id)) for (const c of type.claims) names.add(c.name);
  return [...names];
}

function BreachPanel() {
  const [f, setF] = useState<BreachForm>(emptyForm);
  const [errors, setErrors] = useState<BreachErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<Breach | null>(null);
  const [busy, setBusy] = useState(false);
  const list = breaches.value;
  const set = (key: 'windowStart' | 'windowEnd' | 'discoveredAt' | 'whatHappened' | 'actionsTaken' | 'citizenAdvice') => (e: Event) => setF({ ...f, [key]: (e.currentTarget as HTMLInputElement).value });
  const toggle = (key: 'claims' | 'purposeCodes', value: string) => setF({ ...f, [key]: f[key].includes(value) ? f[key].filter((v) => v !== value) : [...f[key], value] });
  const described = (key: keyof BreachForm) => ({
    'aria-invalid': errors[key] ? ('true' as const) : undefined,
    'aria-describedby': errors[key] ? `breach-${key}-error` : undefined,
  });
  const error = (key: keyof BreachForm) =>
    errors[key] ? (
      <p id={`breach-${key}-error`} class="field-error">
        {t(errors[key]!)}
      </p>
    ) : null;
  async function submit(e: Event) {
    e.preventDefault();
    setDone(null);
    setFailure(null);
    const found = validateBreach(f);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`breach-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      setDone(await fileBreach(f));
      setF(emptyForm);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }
  const text = (key: 'whatHappened' | 'actionsTaken' | 'citizenAdvice') => (
    <div class="field">
      <label for={`breach-${key}`}>{t(`voice.breach.${key}`)}</label>
      <textarea id={`breach-${key}`} rows={2} maxLength={2000} value={f[key]} onInput={set(key)} {...described(key)} />
      {error(key)}
    </div>
  );
  const when = (key: 'windowStart' | 'windowEnd' | 'discoveredAt') => (
    <div class="field">
      <label for={`breach-${key}`}>{t(`voice.breach.${key}`)}</label>
      <input id={`breach-${key}`} type="datetime-local" value={f[key]} onInput={set(key)} {...described(key)} />
      {error(key)}
    </div>
  );
  return (
    <section class="card" aria-labelledby="breach-title">
      <h2 id="breach-title">{t('voice.breaches')}</h2>
      <p class="hint">{t('voice.breachesLead')}</p>
      <form onSubmit={submit} noValidate aria-labelledby="breach-form-title">
        <h3 id="breach-form-title">{t('voice.breach.file')}</h3>
        <fieldset id="breach-claims" class="console-fieldset" tabIndex={-1} {...described('claims')}>
          <legend>{t('voice.breach.claims')}</legend>
          {knownClaims().map((name) => (
            <label key={name} class="console-check">
              <input type="checkbox" checked={f.claims.includes(name)} onChange={() => toggle('claims', name)} /> {claimWord(name)}
            </label>
          ))}
          {error('claims')}
        </fieldset>
        {(agency.value?.purposes.length ?? 0) > 0 && (
          <fieldset class="console-fieldset">
            <legend>{t('voice.breach.purposes')}</legend>
            <p class="hint">{t('voice.breach.purposesHint')}</p>
            {agency.value!.purposes.map((p) => (
              <label key={p.code} class="console-check">
                <input type="checkbox" checked={f.purposeCodes.includes(p.code)} onChange={() => toggle('purposeCodes', p.code)} /> {localized(p.description)}
              </label>
            ))}
          </fieldset>
        )}
        {when('windowStart')}
        {when('windowEnd')}
        {when('discoveredAt')}
        <p class="hint">{t('voice.breach.deadlineHint')}</p>
        {text('whatHappened')}
        {text('actionsTaken')}
        {text('citizenAdvice')}
        <ErrorNotice error={failure} />
        <p role="status">{done ? t('voice.breach.done', { count: done.affectedCount ?? 0 }) : ''}</p>
        <button type="submit" class="button button--danger" disabled={busy} aria-busy={busy}>
          {t('voice.breach.submit')}
        </button>
      </form>
      <h3>{t('voice.breach.filed')}</h3>
      <ErrorNotice error={breachesError.value} />
      {list === null ? <p>{t('common.loading')}</p> : list.length === 0 ? <p>{t('common.none')}</p> : <ul class="console-list">{list.map((b) => <BreachItem key={b.id} b={b} />)}</ul>}
    </section>
  );
}

export default function Voice() {
  useEffect(() => {
    void loadFeedback();
    void loadBreaches();
  }, []);
  return (
    <section aria-labelledby="voice-title">
      <h1 id="voice-title">{t('voice.title')}</h1>
      <FeedbackPanel />
      <BreachPanel />
    </section>
  );
}
