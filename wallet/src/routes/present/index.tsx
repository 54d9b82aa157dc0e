// Presenting data to an agency: open a request (a same-device link /present?client_id=…&request_uri=… the page was
// opened with, kept across unlock or sign-in; a scanned QR code or a pasted openid4vp:// link), refuse it outright
// when it asks beyond its registered purpose, otherwise show the consent screen in plain language; approve with the
// passkey, or decline. Either way the receipt follows. A request answered before is not answered again.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ConsentClaimItem, claimLabel } from '../../components/consent-claim/index.js';
import { ConsentFacts } from '../../components/consent-facts/index.js';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { NoCardNotice } from '../../components/no-card-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { formatDate, locale, t } from '../../i18n/index.js';
import { renderPath } from '../../lib/consent-record.js';
import { credentialName } from '../../lib/credential-display.js';
import { typeIdOf, type UnregisteredRequest, type VerifiedRequest } from '../../lib/openid4vp.js';
import { useWallet } from '../../lib/use-wallet.js';
import { takePendingLink } from '../../state/pending-link.js';
import {
  answeredRecordId,
  approve,
  beyondPurpose,
  cardAsks,
  chooseSetOption,
  chosenAnswer,
  claimsAcceptable,
  credentialSets,
  decline,
  openRequest,
  optionalOn,
  pendingRequest,
  presentError,
  presentStep,
  resetPresent,
  returnTo,
  setOption,
  setOptional,
  verifiedRequest,
  type CardAsk,
} from '../../state/present.js';
import { defaultOptionalClaims, type SetChoice } from '../../lib/dcql-choice.js';
import { credentials } from '../../state/wallet.js';
import './present.css';

function OpenForm() {
  const [pasted, setPasted] = useState('');
  return (
    <div class="card">
      <p>{t('present.lead')}</p>
      <a class="button" href="/receive/scan">
        {t('present.scan')}
      </a>
      <form
        class="field"
        onSubmit={(e) => {
          e.preventDefault();
          if (pasted.trim()) void openRequest(pasted);
        }}
      >
        <label for="request-link">{t('present.pasteLabel')}</label>
        <textarea id="request-link" rows={3} aria-describedby="request-link-hint" value={pasted} onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)} />
        <p id="request-link-hint" class="hint">
          {t('present.pasteHint')}
        </p>
        <button type="submit" class="button">
          {t('present.continue')}
        </button>
      </form>
    </div>
  );
}

/** The refusal: a signed request from a registered agency asking beyond its purpose. Nothing was or will be sent. */
function BeyondPurposeWarning() {
  const beyond = beyondPurpose.value!;
  const labelOf = (typeId: string | undefined, path: (string | number | null)[]) => {
    const held = credentials.value?.find((c) => typeId !== undefined && c.vct !== undefined && typeIdOf(c.vct, location.origin) === typeId);
    return held ? claimLabel(held.claimsMeta, { path, held: [] }) : renderPath(path);
  };
  return (
    <div class="notice notice--error present-refusal" role="alert" data-refusal="beyond-purpose">
      <p class="notice__title">{t('present.beyondTitle')}</p>
      <p>{t('present.beyondBody', { agency: beyond.agency.legalName, purpose: beyond.purpose.description[locale.value] })}</p>
      <p>{t('present.beyondClaims')}</p>
      <ul>
        {beyond.claims.map((c) => (
          <li key={renderPath(c.path)}>{labelOf(c.typeId, c.path)}</li>
        ))}
      </ul>
      <p>{t('present.beyondAction', { contact: beyond.agency.contact })}</p>
      <a class="button" href="/">
        {t('present.backHome')}
      </a>
    </div>
  );
}

/**
 * A registry agency: who and why at a glance; the legal basis, retention, contacts, privacy notice and the request's
 * technical details one tap away (a native disclosure, so it opens with Enter or Space), so the data asked for and the
 * buttons fit on one phone screen.
 */
function RegisteredVerifier({ request }: { request: VerifiedRequest }) {
  return (
    <div class="card present-who">
      <p class="present-asks">{t('present.asks', { agency: request.agency.legalName })}</p>
      <p class="present-verified">{t('present.registered')}</p>
      <p class="present-purpose">
        <span class="present-purpose__label">{t('present.purposeShort')}</span> {request.purpose.description[locale.value]}
      </p>
      <details class="present-details">
        <summary>{t('present.detailsSummary')}</summary>
        <p class="present-signed">{t('present.signed')}</p>
        <ConsentFacts
          agency={{ name: request.agency.legalName, contact: request.agency.contact, dpoContact: request.agency.dpoContact }}
          purpose={request.purpose.description}
          legalBasis={request.purpose.legalBasis}
          retention={{
            label: t('present.retention'),
            value: request.retentionDays === 0 ? t('present.retentionNone') : t('present.retentionDays', { days: request.retentionDays }),
          }}
          recipients={request.recipients}
          privacyNoticeUrl={request.agency.privacyNoticeUrl}
        />
        <details class="present-details__technical" data-technical-details>
          <summary>{t('common.technicalDetails')}</summary>
          <dl class="claims">
            {(
              [
                ['present.technical.client', request.clientId],
                ['present.technical.answerTo', request.responseUri],
              ] as const
            ).map(([label, value]) => (
              <div class="claims__row" key={label}>
                <dt>{t(label)}</dt>
                <dd>
                  <code>{value}</code>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      </details>
    </div>
  );
}

/** A verifier outside Sahih's registry: only what is known (its address, whether its certificate is vouched for). */
function UnregisteredVerifier({ request }: { request: UnregisteredRequest }) {
  return (
    <div class="card notice present-unregistered" role="note" data-verifier="unregistered">
      <p class="present-asks">{t('present.unregistered.asks', { host: request.verifierHost })}</p>
      <p>{t('present.unregistered.body')}</p>
      <p>{t(request.identityConfirmed ? 'present.unregistered.certified' : 'present.unregistered.uncertified', { host: request.verifierHost })}</p>
      {request.selfDeclaredName && <p class="muted">{t('present.unregistered.name', { name: request.selfDeclaredName })}</p>}
      <p>{t('present.unregistered.outsideLog')}</p>
    </div>
  );
}

/** One card asked for: its claims, required first, then optional ones behind switches (off unless preselected). */
function CardClaims({ ask }: { ask: CardAsk }) {
  const held = ask.held!;
  const meta = held.view.claimsMeta;
  const required = ask.claims.filter((c) => c.required);
  const optional = ask.claims.filter((c) => !c.required);
  // ids stay as before for a one-card request; several cards each get their own.
  const suffix = ask.claims[0]?.queryId ? `-${ask.query.id}` : '';
  return (
    <div class="present-card" data-credential-query={ask.query.id}>
      <h2>{t('present.claimsTitle', { card: credentialName(held.view) })}</h2>
      {required.length > 0 && (
        <>
          <h3 id={`required-claims${suffix}`}>{t('present.required')}</h3>
          <ul class="consent-claims" aria-labelledby={`required-claims${suffix}`}>
            {required.map((c) => (
              <ConsentClaimItem key={c.id} claim={c} meta={meta} />
            ))}
          </ul>
        </>
      )}
      {optional.length > 0 && (
        <>
          {/* Off by default, unless the verifier's first satisfiable claim set needed some switched on (dcql-choice.ts). */}
          <h3 id={`optional-claims${suffix}`}>{t(defaultOptionalClaims(ask.query, held.match).length ? 'present.optionalPreset' : 'present.optional')}</h3>
          <ul class="consent-claims" aria-labelledby={`optional-claims${suffix}`}>
            {optional.map((c) => (
              <ConsentClaimItem key={c.id} claim={c} meta={meta} on={optionalOn.value.has(c.id)} onToggle={(on) => setOptional(c.id, on)} />
            ))}
          </ul>
        </>
      )}
      {!claimsAcceptable(ask) && <p class="notice">{t('present.comboUnavailable')}</p>}
    </div>
  );
}

/**
 * One credential set (OpenID4VP 1.0 §6.4.2): a required set with one answerable option shows its cards; several
 * options become a choice; an optional set is left out unless the citizen switches it on.
 */
function CredentialSet({ set, index }: { set: SetChoice; index: number }) {
  const asks = (option: number) => set.options[option]!.map((id) => cardAsks.value.get(id)!);
  const label = (option: number) => asks(option).map((a) => credentialName(a.held!.view)).join(' + ');
  const chosen = setOption.value[index] ?? null;
  if (!set.usable.length) {
    if (!set.required) return null;
    const missing = set.options[0]!.map((id) => cardAsks.value.get(id)!).find((a) => !a.held);
    return <NoCardNotice query={missing?.query} />;
  }
  const name = `credential-set-${index}`;
  let control = null;
  if (!set.required && set.usable.length === 1) {
    const only = set.usable[0]!;
    control = (
      <div class="consent-claim__switch present-set__switch">
        <input type="checkbox" role="switch" id={name} checked={chosen !== null} onChange={(e) => chooseSetOption(index, (e.currentTarget as HTMLInputElement).checked ? only : null)} />
        <label for={name}>{t('present.shareCard', { card: label(only) })}</label>
      </div>
    );
  } else if (set.usable.length > 1 || !set.required) {
    const choices: (number | null)[] = [...set.usable, ...(set.required ? [] : [null])];
    control = (
      <fieldset class="present-set__choice">
        <legend>{t(set.required ? 'present.chooseCard' : 'present.chooseCardOptional')}</legend>
        {choices.map((option) => (
          <label key={String(option)} class="present-set__option">
            <input type="radio" name={name} checked={chosen === option} onChange={() => chooseSetOption(index, option)} />
            {option === null ? t('present.shareNoCard') : label(option)}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <div class="present-set" data-credential-set={index} data-optional={String(!set.required)}>
      {!set.required && <h2 class="present-set__title">{t('present.optionalCards')}</h2>}
      {control}
      {chosen !== null && asks(chosen).map((ask) => <CardClaims key={ask.query.id} ask={ask} />)}
    </div>
  );
}

function ConsentScreen() {
  const request = verifiedRequest.value!;
  const busy = presentStep.value === 'confirming' || presentStep.value === 'sending';
  const sets = credentialSets.value;
  const canShare = chosenAnswer.value !== undefined;
  const answerable = sets.every((s) => !s.required || s.usable.length > 0);
  return (
    <>
      {request.registered ? <RegisteredVerifier request={request} /> : <UnregisteredVerifier request={request} />}
      <div class="card">
        {sets.map((set, i) => (
          <CredentialSet key={i} set={set} index={i} />
        ))}
        <ErrorNotice error={presentError.value} />
        <div class="button-row">
          {answerable && (
            <button type="button" class="button" disabled={busy || !canShare} aria-busy={busy} aria-describedby="passkey-hint" onClick={() => void approve()}>
              {presentStep.value === 'confirming' ? t('present.confirming') : presentStep.value === 'sending' ? t('present.sending') : t('present.approve')}
            </button>
          )}
          <button type="button" class="button button--secondary" disabled={busy} onClick={() => void decline()}>
            {t('present.decline')}
          </button>
        </div>
        {answerable && (
          <p id="passkey-hint" class="hint">
            {t('present.passkeyHint')}
          </p>
        )}
        <p class="muted present-expires">{t('present.expires', { time: formatDate(request.expiresAt, { timeStyle: 'short' }) })}</p>
      </div>
    </>
  );
}

export default function Present() {
  const { state, error } = useWallet({ requireOnlineSession: true });
  const { route } = useLocation();

  useEffect(() => {
    if (state !== 'ready') return;
    const fromLink = takePendingLink('request');
    const fromScan = pendingRequest.value;
    if (fromLink || fromScan) {
      pendingRequest.value = null;
      void openRequest((fromScan ?? fromLink)!);
    } else if (presentStep.value === 'done' || presentStep.value === 'already') {
      resetPresent();
    }
  }, [state]);

  useEffect(() => {
    if (presentStep.value !== 'done') return;
    // A same-device answer returns the citizen to the verifier's page when it names one (OpenID4VP 1.0 §8.2).
    if (returnTo.value) location.assign(returnTo.value);
    else if (answeredRecordId.value) route(`/consent-receipts/${answeredRecordId.value}`);
  }, [presentStep.value]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  const step = presentStep.value;
  const consentShown = (step === 'consent' || step === 'confirming' || step === 'sending') && verifiedRequest.value;
  return (
    <section aria-labelledby="present-title" class="present-screen">
      {/* On the consent screen "Tolak" is the way back, and the agency's sentence is the visible title. */}
      {!consentShown && (
        <a href="/" class="back-link">
          {t('common.back')}
        </a>
      )}
      <h1 id="present-title" class={consentShown ? 'visually-hidden' : undefined}>
        {t('present.title')}
      </h1>
      {state === 'locked' && <UnlockCard message="present.locked" />}
      {step === 'input' && <ErrorNotice error={presentError.value} />}
      {step === 'opening' && (
        <p class="card" role="status">
          {t('present.opening')}
        </p>
      )}
      {step === 'input' && state === 'ready' && <OpenForm />}
      {step === 'already' && (
        <div class="card" role="status" data-request="already-answered">
          <p>{t('present.already')}</p>
          <a class="button" href={`/consent-receipts/${answeredRecordId.value ?? ''}`}>
            {t('present.viewReceipt')}
          </a>
        </div>
      )}
      {step === 'beyond' && beyondPurpose.value && <BeyondPurposeWarning />}
      {consentShown && <ConsentScreen />}
    </section>
  );
}
