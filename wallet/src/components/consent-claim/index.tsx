// One requested claim on the consent screen: its label from the card's type metadata, the value as the citizen holds
// it (objects as their labelled members), and for an optional claim an accessible on/off switch, off by default.
import { t } from '../../i18n/index.js';
import { formatValue, labelFor } from '../../lib/credential-display.js';
import { renderPath } from '../../lib/consent-record.js';
import type { ClaimMetadata } from '../../lib/issuer-metadata.js';
import type { ConsentClaim } from '../../state/present.js';
import './consent-claim.css';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The claim's label: the held path when there is one (a `null` pointer resolves to an index), else the query path. */
export function claimLabel(meta: ClaimMetadata[], claim: Pick<ConsentClaim, 'path' | 'held'>): string {
  const path = claim.held[0]?.path ?? claim.path.map((c) => (c === null ? 0 : c));
  return labelFor(meta, path);
}

function Value({ meta, path, value }: { meta: ClaimMetadata[]; path: (string | number)[]; value: unknown }) {
  if (!isObject(value)) return <>{formatValue(value)}</>;
  return (
    <ul class="consent-claim__members">
      {Object.entries(value).map(([key, member]) => (
        <li key={key}>
          <span class="muted">{labelFor(meta, [...path, key])}: </span>
          <Value meta={meta} path={[...path, key]} value={member} />
        </li>
      ))}
    </ul>
  );
}

export function ConsentClaimItem(props: { claim: ConsentClaim; meta: ClaimMetadata[]; on?: boolean; onToggle?: (on: boolean) => void }) {
  const { claim, meta } = props;
  // Two cards may ask for the same path: their query id (set only when there are several) keeps the ids apart.
  const domId = `claim-${claim.queryId ? `${claim.queryId}-` : ''}${renderPath(claim.path)}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const label = claimLabel(meta, claim);
  const value = claim.held.length ? (
    claim.held.map((h) => <Value key={h.path.join('.')} meta={meta} path={h.path} value={h.value} />)
  ) : (
    <span class="muted">{t('present.notHeld')}</span>
  );
  return (
    <li class="consent-claim" data-claim={renderPath(claim.path)}>
      {props.onToggle ? (
        <div class="consent-claim__switch">
          <input
            type="checkbox"
            role="switch"
            id={domId}
            checked={props.on ?? false}
            disabled={!claim.held.length}
            aria-describedby={`${domId}-value`}
            onChange={(e) => props.onToggle!((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for={domId}>{label}</label>
        </div>
      ) : (
        <span class="consent-claim__label">{label}</span>
      )}
      <div id={`${domId}-value`} class="consent-claim__value">
        {value}
      </div>
    </li>
  );
}
