// Consent control on a consent receipt: the consent's state as the service knows it, and for an active consent
// "withdraw" and "pause", for a paused one "resume". Each first explains in plain words what happens (the agency is
// told and must act within 3x24 hours), then the passkey confirms, then the new state and the agency's deadline show.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import { online } from '../../lib/use-online.js';
import { changeConsentState, consentFor, consentsError, loadServiceConsents, type ConsentAction } from '../../state/consent-control.js';
import type { PresentationRecord } from '../../state/presentation-records.js';
import { ErrorNotice } from '../error-notice/index.js';
import './consent-control.css';

const ACTION_LABEL = { withdraw: 'control.withdraw', pause: 'control.pause', resume: 'control.resume' } as const;
const CONFIRM_TEXT = { withdraw: 'control.confirm.withdraw', pause: 'control.confirm.pause', resume: 'control.confirm.resume' } as const;
const STATE_LABEL = {
  active: 'control.state.active',
  paused: 'control.state.paused',
  withdrawn: 'control.state.withdrawn',
  expired: 'control.state.expired',
  refused: 'control.state.refused',
} as const;

const when = (iso: string) => dateWords(iso, 'longDateTime');

export function ConsentControl({ entry, onChanged }: { entry: PresentationRecord; onChanged: (entry: PresentationRecord) => void }) {
  const [asking, setAsking] = useState<ConsentAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ action: ConsentAction; dueAt: string } | null>(null);
  useEffect(() => {
    if (online.value) void loadServiceConsents();
  }, [entry.id]);

  const consent = consentFor(entry);
  const state = consent?.state ?? entry.consentState;
  const dueAt = done?.dueAt ?? consent?.actionDueAt ?? entry.actionDueAt ?? null;
  const agency = entry.agencyName;

  async function run(action: ConsentAction) {
    if (!consent) return;
    setBusy(true);
    setError(null);
    try {
      const changed = await changeConsentState(entry, consent, action);
      setDone({ action, dueAt: changed.actionDueAt });
      setAsking(null);
      onChanged(changed.entry);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card consent-control" aria-labelledby="control-title" data-consent-state={state ?? 'unknown'}>
      <h2 id="control-title">{t('control.title')}</h2>
      {state && (
        <p>
          {t('control.stateLabel')} <strong class={`consent-control__state consent-control__state--${state}`}>{t(STATE_LABEL[state])}</strong>
        </p>
      )}
      {dueAt && state !== 'active' && (
        <p class="consent-control__due" data-due-at={dueAt}>
          {t('control.dueAt', { agency, date: when(dueAt) })}
        </p>
      )}
      {done && (
        <p class="notice notice--success" role="status">
          {t(`control.done.${done.action}` as const, { agency })}
        </p>
      )}
      {!consent && !state && <p>{online.value ? t('common.loading') : t('control.offline')}</p>}
      <ErrorNotice error={error ?? consentsError.value} />
      {consent && consent.actions.length > 0 && !asking && (
        <div class="consent-control__actions">
          {consent.actions.map((action) => (
            <button key={action} type="button" class={action === 'withdraw' ? 'button button--danger' : 'button button--secondary'} onClick={() => setAsking(action)}>
              {t(ACTION_LABEL[action])}
            </button>
          ))}
        </div>
      )}
      {consent && asking && (
        <div class="consent-control__confirm" role="group" aria-labelledby="control-confirm-title">
          <h3 id="control-confirm-title">{t(ACTION_LABEL[asking])}</h3>
          <p>{t(CONFIRM_TEXT[asking], { agency })}</p>
          <p class="hint">{t('control.confirm.passkey')}</p>
          <div class="consent-control__actions">
            <button type="button" class={asking === 'withdraw' ? 'button button--danger' : 'button'} disabled={busy} aria-busy={busy} onClick={() => void run(asking)}>
              {t('control.confirm.yes')}
            </button>
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
