// Receiving a card: from an offer link the page was opened with (kept across unlock or sign-in, see
// state/pending-link.ts), a pasted link or a scanned QR code; shows who offers what, asks for the tx_code when the
// issuer requires one, then redeems. A locked wallet is opened first; an offer redeemed before is not redeemed again.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { PasteLink } from '../../components/paste-link/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { locale, t } from '../../i18n/index.js';
import { displayFor } from '../../lib/issuer-metadata.js';
import { isPresentationRequestText } from '../../lib/openid4vp.js';
import { routeScannedText } from '../../lib/scanned-link.js';
import { useWallet } from '../../lib/use-wallet.js';
import { takePendingLink } from '../../state/pending-link.js';
import { credentialById } from '../../state/wallet.js';
import { acceptOffer, offer, pendingOffer, readOfferText, receiveError, receivedIds, resetReceive, step } from '../../state/receive.js';

function OfferSummary() {
  const resolved = offer.value!;
  const [txCode, setTxCode] = useState('');
  const spec = resolved.txCode;
  const issuer = displayFor(resolved.metadata.display, locale.value)?.name ?? new URL(resolved.offer.credential_issuer).host;
  const working = step.value === 'working';
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void acceptOffer(spec ? txCode.trim() : undefined);
      }}
    >
      <p>{t('receive.offerFrom', { issuer })}</p>
      <ul class="offer-list">
        {resolved.offer.credential_configuration_ids.map((id) => {
          const config = resolved.metadata.credential_configurations_supported[id];
          const display = displayFor(config?.credential_metadata?.display ?? config?.display, locale.value);
          return (
            <li key={id}>
              <strong>{display?.name ?? id}</strong>
              {display?.description && <span class="muted"> — {display.description}</span>}
            </li>
          );
        })}
      </ul>
      {spec && (
        <div class="field">
          <label for="tx-code">{t('receive.txCodeLabel')}</label>
          <input
            id="tx-code"
            name="tx_code"
            required
            autoComplete="one-time-code"
            inputMode={spec.input_mode === 'text' ? 'text' : 'numeric'}
            {...(spec.input_mode !== 'text' ? { pattern: '[0-9]*' } : {})}
            {...(spec.length ? { maxLength: spec.length, minLength: spec.length } : {})}
            aria-describedby="tx-code-hint"
            value={txCode}
            onInput={(e) => setTxCode((e.currentTarget as HTMLInputElement).value)}
          />
          <p id="tx-code-hint" class="hint">
            {/* Our own words in the chosen language: the issuer's description is in one language only. */}
            {spec.length ? t('receive.txCodeHint', { length: spec.length }) : t('receive.txCodeHintAny')}
          </p>
        </div>
      )}
      <div class="button-row">
        <button type="submit" class="button" disabled={working} aria-busy={working}>
          {working ? t('receive.working') : t('receive.accept')}
        </button>
        <button type="button" class="button button--secondary" disabled={working} onClick={resetReceive}>
          {t('receive.decline')}
        </button>
      </div>
    </form>
  );
}

export default function Receive() {
  const { state, error } = useWallet({ requireOnlineSession: true });
  const { route } = useLocation();

  useEffect(() => {
    if (state !== 'ready') return;
    const fromLink = takePendingLink('offer');
    const fromScan = pendingOffer.value;
    if (fromLink || fromScan) {
      pendingOffer.value = null;
      resetReceive();
      void readOfferText((fromScan ?? fromLink)!);
    } else if (step.value === 'done' || step.value === 'already') {
      resetReceive();
    }
  }, [state]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="receive-title">
      <a href="/" class="back-link">
        {t('common.back')}
      </a>
      <h1 id="receive-title">{t('receive.title')}</h1>
      {state === 'locked' && <UnlockCard message="receive.locked" />}
      <ErrorNotice error={receiveError.value} />
      {step.value === 'reading' && (
        <p class="card" role="status">
          {t('receive.reading')}
        </p>
      )}
      {(step.value === 'confirm' || step.value === 'working') && offer.value && <OfferSummary />}
      {step.value === 'done' && (
        <div class="card" role="status">
          <p>{t('receive.done')}</p>
          <button type="button" class="button" onClick={() => route(`/credentials/${receivedIds.value[0]}`)}>
            {t('receive.view')}
          </button>
        </div>
      )}
      {step.value === 'already' && (
        <div class="card" role="status" data-offer="already-received">
          <p>{t('receive.already')}</p>
          {credentialById(receivedIds.value[0] ?? '') && (
            <button type="button" class="button" onClick={() => route(`/credentials/${receivedIds.value[0]}`)}>
              {t('receive.view')}
            </button>
          )}
        </div>
      )}
      {step.value === 'input' && state === 'ready' && (
        <div class="card">
          <p>{t('receive.lead')}</p>
          <a class="button" href="/scan">
            {t('receive.scan')}
          </a>
          <PasteLink
            id="offer-link"
            onLink={(text) => {
              // A data request pasted here belongs to the presentation screen.
              if (isPresentationRequestText(text)) route(routeScannedText(text));
              else void readOfferText(text);
            }}
          />
          <p>
            <a href="/receive/move">{t('move.link')}</a>
          </p>
        </div>
      )}
    </section>
  );
}
