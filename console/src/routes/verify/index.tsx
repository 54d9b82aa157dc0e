// Verifier view: pick a registered purpose, choose which of its claims to ask for, show the request QR code and the
// same-device link, and watch the result arrive (poll every 2 s): verdict, the disclosed values (once) in words and
// local dates, and the receipt, its identifiers and signed checkpoint folded under "technical details".
import { useEffect } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice.js';
import { QrImage } from '../../components/qr-image.js';
import { FieldMessage } from '../../components/field-message.js';
import { formatDateTime, localized, t } from '../../i18n/index.js';
import { basisWord, claimWord, retentionWord, valueWord } from '../../i18n/words.js';
import type { CredentialType } from '../../lib/claims-form.js';
import { agency, canVerify, credentialTypes, type Purpose } from '../../state/agency.js';
import {
  agencyRef,
  agencyRefError,
  asks,
  choosePurpose,
  claimsOf,
  createRequest,
  created,
  disclosed,
  formError,
  pollError,
  purposeCode,
  resetRequest,
  result,
  retentionDays,
  setAsk,
  submitError,
  submitting,
  typeId,
  typesOf,
  type Ask,
} from '../../state/verifier.js';

/** A claim's label from the type metadata (`address/locality` -> the member's label). */
const claimLabel = (type: CredentialType | undefined, path: string[]) => claimWord(path, type?.id);

function RequestForm({ purpose }: { purpose: Purpose }) {
  const types = typesOf(purpose);
  const type = credentialTypes.value.find((ty) => ty.id === typeId.value);
  async function submit(e: Event) {
    e.preventDefault();
    if (await createRequest(purpose)) document.getElementById('request-title')?.focus();
  }
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="request-form-title">
      <h2 id="request-form-title">{localized(purpose.description)}</h2>
      <p class="hint">{t('verify.legalBasis', { basis: basisWord(purpose.legalBasis) })}</p>
      {types.length > 1 ? (
        <div class="field">
          <label for="request-type">{t('verify.type')}</label>
          <select id="request-type" value={typeId.value} onChange={(e) => choosePurpose(purpose, (e.currentTarget as HTMLSelectElement).value)}>
            {types.map((id) => {
              const ty = credentialTypes.value.find((x) => x.id === id);
              return (
                <option key={id} value={id}>
                  {ty ? localized(ty.display.name) : id}
                </option>
              );
            })}
          </select>
        </div>
      ) : (
        <p>
          {t('verify.type')}: <strong>{type ? localized(type.display.name) : typeId.value}</strong>
        </p>
      )}
      <h3>{t('verify.claims')}</h3>
      <p class="hint" id="claims-lead">
        {t('verify.claimsLead')}
      </p>
      <div class="console-asks">
        {claimsOf(purpose, typeId.value).map((c) => {
          const key = c.path.join('/');
          const name = `ask-${key}`;
          return (
            <fieldset key={key} class="console-ask" data-claim={key}>
              <legend>{claimLabel(type, c.path)}</legend>
              {(['required', 'optional', 'no'] as Ask[]).map((ask) => (
                <label key={ask} class="console-ask__choice">
                  <input type="radio" name={name} value={ask} checked={asks.value[key] === ask} onChange={() => setAsk(key, ask)} /> {t(`verify.ask.${ask}`)}
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>
      {purpose.maxRetentionDays === 0 ? (
        <p class="notice" data-retention="none">
          {retentionWord(0)}
        </p>
      ) : (
      <div class="field">
        <label for="retention">{retentionWord(purpose.maxRetentionDays)}</label>
        <input
          id="retention"
          type="text"
          inputMode="numeric"
          value={retentionDays.value}
          onInput={(e) => (retentionDays.value = (e.currentTarget as HTMLInputElement).value)}
          aria-invalid={formError.value === 'verify.retentionInvalid' ? 'true' : undefined}
          aria-describedby={formError.value === 'verify.retentionInvalid' ? 'retention-error' : undefined}
        />
        {formError.value === 'verify.retentionInvalid' ? (
          <p id="retention-error" class="field-error">
            {t('verify.retentionInvalid', { max: purpose.maxRetentionDays })}
          </p>
        ) : null}
      </div>
      )}
      <div class="field" data-field="agencyRef">
        <label for="request-ref">{t('ref.label')}</label>
        <input
          id="request-ref"
          autocomplete="off"
          maxLength={64}
          value={agencyRef.value}
          onInput={(e) => {
            agencyRef.value = (e.currentTarget as HTMLInputElement).value;
            agencyRefError.value = null;
          }}
          aria-invalid={agencyRefError.value ? 'true' : undefined}
          aria-describedby={agencyRefError.value ? 'request-ref-hint request-ref-error' : 'request-ref-hint'}
        />
        <p id="request-ref-hint" class="hint">
          {t('ref.hint')}
        </p>
        <FieldMessage id="request-ref-error" problem={agencyRefError.value ? { key: agencyRefError.value } : undefined} />
      </div>
      {formError.value === 'verify.noClaims' ? (
        <p class="notice notice--error" role="alert">
          {t('verify.noClaims')}
        </p>
      ) : null}
      <ErrorNotice error={submitError.value} />
      <button type="submit" class="button" disabled={submitting.value}>
        {submitting.value ? t('verify.submitting') : t('verify.submit')}
      </button>
    </form>
  );
}

function ValueRows({ type, name, value }: { type: CredentialType | undefined; name: string; value: unknown }) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return (
      <>
        <div class="claims__row">
          <dt>{claimLabel(type, [name])}</dt>
          <dd />
        </div>
        {Object.entries(value as Record<string, unknown>).map(([member, v]) => (
          <div class="claims__row claims__row--depth1" key={member} data-claim={`${name}/${member}`}>
            <dt>{claimLabel(type, [name, member])}</dt>
            <dd>{valueWord(undefined, v)}</dd>
          </div>
        ))}
      </>
    );
  }
  return (
    <div class="claims__row" data-claim={name}>
      <dt>{claimLabel(type, [name])}</dt>
      <dd>{valueWord(type?.claims.find((c) => c.name === name), value)}</dd>
    </div>
  );
}

function ResultPanel() {
  const c = created.value!;
  const r = result.value;
  const values = disclosed.value;
  return (
    <section class="card" aria-labelledby="request-title">
      <h2 id="request-title" tabIndex={-1}>
        {t('verify.requestTitle')}
      </h2>
      <p>{t('verify.requestLead', { time: formatDateTime(c.expiresAt) })}</p>
      {r?.agencyRef ? <p class="console-ref">{t('verify.referenceShown', { ref: r.agencyRef })}</p> : null}
      <div class="console-qr-row">
        <QrImage svg={c.qrSvg} alt={t('verify.qrAlt')} />
        <div class="field">
          <label for="same-device">{t('verify.sameDevice')}</label>
          <input id="same-device" readOnly value={c.sameDeviceUrl} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          <a href={c.sameDeviceUrl} target="_blank" rel="noopener">
            {t('verify.openSameDevice')}
          </a>
        </div>
      </div>
      <h3>{t('verify.result')}</h3>
      <div aria-live="polite" data-result-status={r?.status ?? 'pending'}>
        <p class="console-result-status">
          <span class={`badge badge--${r?.status === 'shared' ? 'valid' : r?.status === 'pending' ? 'unknown' : 'revoked'}`}>{t(`verify.state.${r?.status ?? 'pending'}`)}</span>{' '}
          {r?.status === 'pending' ? t('verify.waiting') : null}
        </p>
        {r?.verdict === 'valid' ? <p class="console-verdict">{t('verify.verdict.valid')}</p> : null}
      </div>
      <ErrorNotice error={pollError.value} />
      {values ? (
        <section aria-labelledby="disclosed-title" class="console-disclosed">
          <h3 id="disclosed-title">{t('verify.disclosed')}</h3>
          <p class="notice">{t('verify.shownOnce')}</p>
          {Object.entries(values).map(([typeKey, claims]) => {
            const type = credentialTypes.value.find((ty) => ty.id === typeKey);
            return (
              <dl class="claims" key={typeKey}>
                {Object.entries(claims).map(([name, v]) => (
                  <ValueRows key={name} type={type} name={name} value={v} />
                ))}
              </dl>
            );
          })}
        </section>
      ) : r?.status === 'shared' ? (
        <p class="notice">{t('verify.gone')}</p>
      ) : null}
      {r?.receipt ? (
        <section aria-labelledby="receipt-title">
          <h3 id="receipt-title">{t('verify.receipt')}</h3>
          <dl class="claims">
            <div class="claims__row">
              <dt>{t('verify.receipt.leaf')}</dt>
              <dd data-receipt-leaf>{r.receipt.leafIndex}</dd>
            </div>
            <div class="claims__row">
              <dt>{t('verify.receipt.tree')}</dt>
              <dd>{r.receipt.treeSize}</dd>
            </div>
          </dl>
          <details class="technical" data-technical>
            <summary>{t('common.technical')}</summary>
            <dl class="claims">
              <div class="claims__row">
                <dt>{t('verify.receipt.event')}</dt>
                <dd>
                  <code>{r.receipt.eventId}</code>
                </dd>
              </div>
              {r.consentRecordId ? (
                <div class="claims__row">
                  <dt>{t('verify.receipt.consent')}</dt>
                  <dd>
                    <code>{r.consentRecordId}</code>
                  </dd>
                </div>
              ) : null}
            </dl>
            <p>{t('verify.receipt.checkpoint')}</p>
            <pre class="console-checkpoint">{r.receipt.checkpoint}</pre>
          </details>
        </section>
      ) : null}
      <button type="button" class="button" onClick={resetRequest}>
        {t('verify.another')}
      </button>
    </section>
  );
}

export default function Verify() {
  const a = agency.value;
  const purposes = a?.purposes ?? [];
  const purpose = purposes.find((p) => p.code === purposeCode.value);
  useEffect(() => {
    if (purposes.length && !purpose) choosePurpose(purposes[0]!);
  }, [purposes.length]);
  if (!a) return <p>{t('common.loading')}</p>;
  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      {!canVerify(a) ? (
        <p class="notice">{t('verify.notVerifier')}</p>
      ) : created.value ? (
        <ResultPanel />
      ) : (
        <>
          <div class="field">
            <label for="purpose">{t('verify.purpose')}</label>
            <select id="purpose" value={purposeCode.value} onChange={(e) => choosePurpose(purposes.find((p) => p.code === (e.currentTarget as HTMLSelectElement).value)!)}>
              {purposes.map((p) => (
                <option key={p.code} value={p.code}>
                  {localized(p.description)}
                </option>
              ))}
            </select>
          </div>
          {purpose ? <RequestForm purpose={purpose} /> : null}
        </>
      )}
    </section>
  );
}
