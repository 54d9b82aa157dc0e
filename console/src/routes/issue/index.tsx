// Issuer view: choose a credential type, fill in the form generated from its metadata, get the offer as QR code and
// link (and tx_code) until the citizen has received the card, and find issued credentials by the agency's own
// reference to change their status.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice.js';
import { RefSearch } from '../../components/ref-search.js';
import { FieldMessage } from '../../components/field-message.js';
import { QrImage } from '../../components/qr-image.js';
import { formatDate, formatDateTime, localized, t } from '../../i18n/index.js';
import { isSexClaim, sexValues, sexWord } from '../../i18n/words.js';
import { formFields, type CredentialType, type FormField } from '../../lib/claims-form.js';
import { agency, canIssue, credentialTypes } from '../../state/agency.js';
import {
  actionError,
  agencyRef,
  agencyRefError,
  changeStatus,
  chooseType,
  errors,
  issued,
  lastChange,
  listError,
  loadIssued,
  nameOf,
  newOffer,
  offer,
  offerState,
  referenceOf,
  search,
  setValue,
  submitError,
  submitOffer,
  submitting,
  typeId,
  values,
  withTxCode,
  type IssuedCredential,
} from '../../state/issuer.js';

const inputId = (key: string) => `claim-${key.replace('/', '-')}`;

function ClaimInput({ field }: { field: FormField }) {
  const id = inputId(field.key);
  const problem = errors.value[field.key];
  const label = localized(field.member ? field.member.label : field.claim.label);
  const value = values.value[field.key];
  if (field.kind === 'checkbox') {
    return (
      <div class="field field--checkbox">
        <label>
          <input type="checkbox" id={id} checked={value === true} onChange={(e) => setValue(field.key, (e.currentTarget as HTMLInputElement).checked)} />{' '}
          {label}
        </label>
      </div>
    );
  }
  const labelRow = (
    // The asterisk sits outside the label so the field's accessible name is the metadata label alone.
    <span class="field__label-row">
      <label for={id}>{label}</label>
      {field.required ? <span aria-hidden="true">*</span> : null}
    </span>
  );
  if (!field.member && isSexClaim(field.claim)) {
    // KTP-el prints one of two values: a select, so no spelling can differ from the card.
    return (
      <div class="field" data-field={field.key}>
        {labelRow}
        <select
          id={id}
          name={field.key}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => setValue(field.key, (e.currentTarget as HTMLSelectElement).value)}
          aria-required={field.required ? 'true' : undefined}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
        >
          <option value="">{t('issue.sex.choose')}</option>
          {sexValues.map((v) => (
            <option key={v} value={v}>
              {sexWord(v)}
            </option>
          ))}
        </select>
        <FieldMessage id={`${id}-error`} problem={problem} />
      </div>
    );
  }
  return (
    <div class="field" data-field={field.key}>
      {labelRow}
      <input
        id={id}
        name={field.key}
        type={field.kind === 'date' ? 'date' : 'text'}
        inputMode={field.kind === 'number' || field.claim.name === 'nik' ? 'numeric' : undefined}
        autocomplete="off"
        value={typeof value === 'string' ? value : ''}
        onInput={(e) => setValue(field.key, (e.currentTarget as HTMLInputElement).value)}
        aria-required={field.required ? 'true' : undefined}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
      />
      <FieldMessage id={`${id}-error`} problem={problem} />
    </div>
  );
}

function ClaimsForm({ type }: { type: CredentialType }) {
  const fields = formFields(type);
  const problems = Object.keys(errors.value);
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await submitOffer(type);
    if (ok) {
      document.getElementById('offer-title')?.focus();
      return;
    }
    if (agencyRefError.value && !Object.keys(errors.value).length) {
      document.getElementById('offer-ref')?.focus();
      return;
    }
    // Focus the first field with a problem, or the summary when only the server's notice is left.
    const first = fields.find((f) => errors.value[f.key] || errors.value[f.claim.name]);
    if (first) document.getElementById(errors.value[first.key] ? inputId(first.key) : `group-${first.claim.name}`)?.focus();
  }
  // Objects become a fieldset of their members; the rest one input each, in the type's order.
  const groups: (FormField | FormField[])[] = [];
  for (const f of fields) {
    const last = groups.at(-1);
    if (f.member && Array.isArray(last) && last[0]!.claim.name === f.claim.name) last.push(f);
    else groups.push(f.member ? [f] : f);
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="form-title" class="card">
      <h2 id="form-title">{t('issue.formTitle', { type: localized(type.display.name) })}</h2>
      <p class="hint">{t('issue.formLead')}</p>
      {problems.length ? (
        <p class="notice notice--error" role="alert">
          {t('issue.errorSummary', { count: problems.length })}
        </p>
      ) : null}
      {groups.map((g) =>
        Array.isArray(g) ? (
          <fieldset
            key={g[0]!.claim.name}
            id={`group-${g[0]!.claim.name}`}
            tabIndex={-1}
            class="console-fieldset"
            aria-describedby={errors.value[g[0]!.claim.name] ? `group-${g[0]!.claim.name}-error` : undefined}
          >
            <legend>
              {localized(g[0]!.claim.label)}
              {g[0]!.claim.mandatory ? <span aria-hidden="true"> *</span> : null}
            </legend>
            <FieldMessage id={`group-${g[0]!.claim.name}-error`} problem={errors.value[g[0]!.claim.name]} />
            <div class="console-fieldset__grid">
              {g.map((f) => (
                <ClaimInput key={f.key} field={f} />
              ))}
            </div>
          </fieldset>
        ) : (
          <ClaimInput key={g.key} field={g} />
        ),
      )}
      <AgencyRefField id="offer-ref" />
      <div class="field field--checkbox">
        <label>
          <input type="checkbox" checked={withTxCode.value} onChange={(e) => (withTxCode.value = (e.currentTarget as HTMLInputElement).checked)} /> {t('issue.txCode')}
        </label>
      </div>
      <ErrorNotice error={submitError.value} />
      <button type="submit" class="button" disabled={submitting.value}>
        {submitting.value ? t('issue.submitting') : t('issue.submit')}
      </button>
    </form>
  );
}

/** The agency's own case or customer number, kept with the card so an officer can find it later. */
function AgencyRefField({ id }: { id: string }) {
  const problem = agencyRefError.value;
  return (
    <div class="field" data-field="agencyRef">
      <label for={id}>{t('ref.label')}</label>
      <input
        id={id}
        autocomplete="off"
        maxLength={64}
        value={agencyRef.value}
        onInput={(e) => {
          agencyRef.value = (e.currentTarget as HTMLInputElement).value;
          agencyRefError.value = null;
        }}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <p id={`${id}-hint`} class="hint">
        {t('ref.hint')}
      </p>
      <FieldMessage id={`${id}-error`} problem={problem ? { key: problem } : undefined} />
    </div>
  );
}

function OfferPanel() {
  const o = offer.value!;
  const state = offerState.value?.state ?? 'pending';
  if (state === 'issued' || state === 'expired' || state === 'cancelled') {
    const issuedAt = offerState.value?.issuedAt;
    return (
      <section class={`card${state === 'issued' ? ' console-received' : ''}`} aria-labelledby="offer-title" data-offer-state={state}>
        <h2 id="offer-title" tabIndex={-1}>
          {state === 'issued' ? t('issue.received') : t('issue.offerTitle')}
        </h2>
        <p role="status">{state === 'issued' ? t('issue.receivedLead', { time: issuedAt ? formatDateTime(issuedAt) : '' }) : t('issue.offerEnded')}</p>
        <button type="button" class="button" onClick={newOffer}>
          {t('issue.another')}
        </button>
      </section>
    );
  }
  const walletLink = `/receive${o.credentialOfferUri.slice(o.credentialOfferUri.indexOf('?'))}`;
  const [copied, setCopied] = useState(false);
  return (
    <section class="card" aria-labelledby="offer-title" data-offer-state={state}>
      <h2 id="offer-title" tabIndex={-1}>
        {t('issue.offerTitle')}
      </h2>
      <p>{t('issue.offerLead', { time: formatDateTime(o.expiresAt) })}</p>
      <p role="status" class="hint">
        {t('issue.waiting')}
      </p>
      <div class="console-qr-row">
        <QrImage svg={o.qrSvg} alt={t('issue.qrAlt')} />
        <div>
          <div class="field">
            <label for="offer-link">{t('issue.link')}</label>
            <input id="offer-link" readOnly value={o.credentialOfferUri} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          </div>
          <div class="button-row">
            <button
              type="button"
              class="button button--secondary"
              onClick={() => void navigator.clipboard?.writeText(o.credentialOfferUri).then(() => setCopied(true), () => {})}
            >
              {t('common.copy')}
            </button>
            <a class="button button--secondary" href={walletLink} target="_blank" rel="noopener">
              {t('issue.openWallet')}
            </a>
          </div>
          <p role="status" class="hint">
            {copied ? t('common.copied') : ''}
          </p>
          {o.txCode ? (
            <div class="notice">
              <p class="notice__title">
                {t('issue.txCodeLabel')}: <span class="console-txcode" data-tx-code>{o.txCode}</span>
              </p>
              <p>{t('issue.txCodeHint')}</p>
            </div>
          ) : null}
        </div>
      </div>
      <button type="button" class="button" onClick={newOffer}>
        {t('issue.another')}
      </button>
    </section>
  );
}

function CredentialRow({ c, typeName }: { c: IssuedCredential; typeName: string }) {
  const [confirming, setConfirming] = useState(false);
  const row = useRef<HTMLTableRowElement>(null);
  const ref = nameOf(c);
  // Keyboard users stay in the row: the confirmation takes focus, and the first action gets it back after a change.
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    if (!row.current?.contains(document.activeElement) && document.activeElement !== document.body) return;
    row.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [confirming, c.status]);
  return (
    <tr ref={row} data-credential={c.credentialId} data-status={c.status}>
      <td class="console-ref" data-agency-ref={c.agencyRef ?? ''}>
        {c.agencyRef ?? t('common.noReference')}
      </td>
      <td>
        <code title={c.credentialId}>{referenceOf(c.credentialId)}</code>
      </td>
      <td>{typeName}</td>
      <td>{c.statusList.idx}</td>
      <td>
        <span class={`badge badge--${c.status}`}>{t(`status.${c.status}`)}</span>
      </td>
      <td>{formatDate(c.issuedAt)}</td>
      <td>{formatDate(c.expiresAt)}</td>
      <td>
        <div class="console-actions">
          {c.status === 'revoked' ? null : confirming ? (
            <>
              <span>{t('issue.revokeConfirm', { ref })}</span>
              <button type="button" class="button button--danger button--small" onClick={() => void changeStatus(c.credentialId, 'revoked').then(() => setConfirming(false))}>
                {t('issue.revokeYes')}
              </button>
              <button type="button" class="button button--secondary button--small" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <>
              {c.status === 'valid' ? (
                <button type="button" class="button button--secondary button--small" aria-label={`${t('issue.suspend')} ${ref}`} onClick={() => void changeStatus(c.credentialId, 'suspended')}>
                  {t('issue.suspend')}
                </button>
              ) : (
                <button type="button" class="button button--secondary button--small" aria-label={`${t('issue.reinstate')} ${ref}`} onClick={() => void changeStatus(c.credentialId, 'valid')}>
                  {t('issue.reinstate')}
                </button>
              )}
              <button type="button" class="button button--danger button--small" aria-label={`${t('issue.revoke')} ${ref}`} onClick={() => setConfirming(true)}>
                {t('issue.revoke')}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

function IssuedList() {
  const typeName = (id: string) => {
    const type = credentialTypes.value.find((ty) => ty.id === id);
    return type ? localized(type.display.name) : id;
  };
  const list = issued.value;
  return (
    // Not a named region itself: the scrollable table inside is the region with this name (axe landmark-unique).
    <section class="card">
      <div class="screen-head">
        <h2 id="issued-title">{t('issue.listTitle')}</h2>
        <button type="button" class="button button--secondary button--small" onClick={() => void loadIssued()}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="hint">{t('issue.listLead')}</p>
      <p role="status" class="console-live">
        {lastChange.value ? t('issue.changed', { ref: lastChange.value[0], status: t(`status.${lastChange.value[1]}`) }) : ''}
      </p>
      <RefSearch id="issued-search" term={search} reload={loadIssued} />
      <ErrorNotice error={listError.value ?? actionError.value} />
      {list === null ? (
        <p>{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{search.value.trim() ? t('common.searchNone', { ref: search.value.trim() }) : t('issue.noneIssued')}</p>
      ) : (
        <div class="console-table-wrap" tabIndex={0} role="region" aria-labelledby="issued-title">
          <table class="console-table">
            <caption class="visually-hidden">{t('issue.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ref.column')}</th>
                <th scope="col">{t('issue.col.reference')}</th>
                <th scope="col">{t('issue.col.type')}</th>
                <th scope="col">{t('issue.col.index')}</th>
                <th scope="col">{t('issue.col.status')}</th>
                <th scope="col">{t('issue.col.issued')}</th>
                <th scope="col">{t('issue.col.expires')}</th>
                <th scope="col">{t('issue.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <CredentialRow key={c.credentialId} c={c} typeName={typeName(c.credentialType)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function Issue() {
  const a = agency.value;
  const types = credentialTypes.value.filter((ty) => a?.credentialTypes.includes(ty.id));
  useEffect(() => {
    if (canIssue(a)) void loadIssued();
  }, [a?.id]);
  useEffect(() => {
    if (types.length && !types.some((ty) => ty.id === typeId.value)) chooseType(types[0]!.id);
  }, [types.length]);
  if (!a) return <p>{t('common.loading')}</p>;
  const type = types.find((ty) => ty.id === typeId.value);
  return (
    <section aria-labelledby="issue-title">
      <h1 id="issue-title">{t('issue.title')}</h1>
      {!canIssue(a) ? (
        <p class="notice">{t('issue.notIssuer')}</p>
      ) : (
        <>
          <div class="field">
            <label for="credential-type">{t('issue.type')}</label>
            <select id="credential-type" value={typeId.value} onChange={(e) => chooseType((e.currentTarget as HTMLSelectElement).value)}>
              {types.map((ty) => (
                <option key={ty.id} value={ty.id}>
                  {localized(ty.display.name)}
                </option>
              ))}
            </select>
            {type ? <p class="hint">{localized(type.display.description)}</p> : null}
          </div>
          {offer.value ? <OfferPanel /> : type ? <ClaimsForm type={type} /> : null}
          <IssuedList />
        </>
      )}
    </section>
  );
}
