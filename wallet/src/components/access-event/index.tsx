// One access-log entry: who, what kind of access, when, why (purpose and legal basis in plain words), which data
// (names only), the consent it rests on, how it relates to what this wallet did, and the wallet's own check of it.
import type { ComponentChildren } from 'preact';
import type { AccessEventBody } from '../../../../shared/merkle/event.js';
import { formatNumber, t } from '../../i18n/index.js';
import { dateWords, kindWords, legalBasisWords, purposeWords } from '../../i18n/words.js';
import type { EventCheck } from '../../lib/log-verify.js';
import type { ConsentState, Origin } from '../../lib/reconcile.js';
import { VerificationBadge } from '../verification-badge/index.js';
import './access-event.css';

export type EventConsentState = ConsentState | 'refused';

export interface AccessEventProps {
  eventId: string;
  leafIndex: number;
  body: AccessEventBody | null;
  check: EventCheck;
  origin: Origin | undefined;
  /** The consent's real state now (the service's, else the log's); a declined request is 'refused'. */
  consent: EventConsentState | undefined;
  /** The wallet's own record of this presentation, to link its consent receipt. */
  recordId: string | undefined;
  dataLabel: (name: string) => string;
  headingLevel: 2 | 3;
  /** What the screen adds under the entry (the activity screen: rate the service, the agency's page). */
  children?: ComponentChildren;
}

export function purposeText(body: AccessEventBody): string {
  return purposeWords(body.purpose);
}

/** The citizen's own actions (rights requests, consent changes): nothing to complain about to the agency. */
const OWN_ACTIONS = new Set(['rights_request_filed', 'rights_request_answered', 'consent_withdrawn', 'consent_paused', 'consent_resumed', 'consent_expired', 'credential_suspended']);

type OriginNote = 'backoffice' | 'direct' | 'other_wallet' | 'not_presented';
const ORIGIN_NOTES: Partial<Record<Origin, { label: `activity.origin.${OriginNote}`; help: `activity.origin.${OriginNote}.help` }>> = {
  backoffice: { label: 'activity.origin.backoffice', help: 'activity.origin.backoffice.help' },
  direct: { label: 'activity.origin.direct', help: 'activity.origin.direct.help' },
  other_wallet: { label: 'activity.origin.other_wallet', help: 'activity.origin.other_wallet.help' },
  not_presented: { label: 'activity.origin.not_presented', help: 'activity.origin.not_presented.help' },
};

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="access-event__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function AccessEvent(props: AccessEventProps) {
  const { body, check } = props;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `event-${props.eventId}`;
  const note = props.origin ? ORIGIN_NOTES[props.origin] : undefined;
  const declined = body?.kind === 'presentation_declined';
  return (
    <li
      class={`access-event access-event--${check.state}${note ? ` access-event--${props.origin}` : ''}`}
      data-event-id={props.eventId}
      data-kind={body?.kind}
    >
      <div class="access-event__head">
        <Heading id={headingId} class="access-event__agency">
          {body?.agency.name ?? t('activity.unreadable')}
        </Heading>
        <VerificationBadge check={check} />
      </div>
      {body && (
        <p class="access-event__meta">
          <span class="access-event__kind">{kindWords(body.kind)}</span>
          {' · '}
          <time dateTime={new Date(body.occurredAt * 1000).toISOString()}>
            {dateWords(body.occurredAt * 1000, 'dateTime')}
          </time>
        </p>
      )}
      {check.state === 'failed' && (
        <p class="access-event__alarm" data-alarm-code={check.code}>
          <strong>{t('activity.alarm.event')}.</strong> {t(`activity.alarm.${check.code}`)}
        </p>
      )}
      {declined && <p class="access-event__declined">{t('activity.declined')}</p>}
      {body?.kind === 'credential_suspended' && (
        <p class="access-event__suspended">{t('activity.suspendedLost', { count: formatNumber(Number(body.details?.credentials ?? 0)) })}</p>
      )}
      {body && (
        <dl class="access-event__facts">
          {body.purpose && <Fact label={t('activity.purpose')}>{purposeText(body)}</Fact>}
          {body.legalBasis && !declined && <Fact label={t('activity.legalBasis')}>{legalBasisWords(body.legalBasis)}</Fact>}
          {body.dataItems?.length ? (
            <Fact label={t(declined ? 'activity.asked' : 'activity.data')}>
              <ul class="access-event__data">
                {body.dataItems.map((name) => (
                  <li key={name} data-item={name}>
                    {props.dataLabel(name)}
                  </li>
                ))}
              </ul>
            </Fact>
          ) : null}
          {body.consentRecordId && (
            <Fact label={t('activity.consent')}>
              {t(`activity.consent.${declined ? 'refused' : (props.consent ?? 'unknown')}`)}
              {props.recordId && (
                <>
                  {' · '}
                  <a href={`/consent-receipts/${props.recordId}`}>{t(declined || props.consent !== 'active' ? 'activity.consent.receipt' : 'activity.consent.manage')}</a>
                </>
              )}
            </Fact>
          )}
          {body.details?.system && <Fact label={t('activity.system')}>{body.details.system}</Fact>}
          {body.details?.reference && <Fact label={t('activity.reference')}>{body.details.reference}</Fact>}
        </dl>
      )}
      {note && (
        <div class="access-event__origin" data-origin={props.origin}>
          <p class="access-event__origin-label">{t(note.label)}</p>
          <p>{t(note.help)}</p>
        </div>
      )}
      {body && !OWN_ACTIONS.has(body.kind) && (
        <p class="access-event__complain">
          <a
            href={`/rights?agency=${encodeURIComponent(body.agency.id)}&agencyName=${encodeURIComponent(body.agency.name)}&event=${encodeURIComponent(props.eventId)}&at=${body.occurredAt * 1000}`}
            aria-describedby={headingId}
          >
            {t('activity.complain')}
          </a>
        </p>
      )}
      {props.children}
      <details class="access-event__details" data-technical-details>
        <summary>{t('activity.details')}</summary>
        <dl>
          <Fact label={t('activity.details.eventId')}>
            <code>{props.eventId}</code>
          </Fact>
          <Fact label={t('activity.details.leafIndex')}>{formatNumber(props.leafIndex)}</Fact>
          {check.state === 'verified' && <Fact label={t('activity.details.checkpoint')}>{formatNumber(check.checkpointSize)}</Fact>}
        </dl>
      </details>
    </li>
  );
}
