// One access-log entry: who, what kind of access, when, why (purpose and legal basis in plain words), which data
// (names only), the consent it rests on, how it relates to what this wallet did, and the wallet's own check of it.
import type { ComponentChildren } from 'preact';
import type { AccessEventBody } from '../../../../shared/merkle/event.js';
import { formatDate, formatNumber, hasMessage, locale, t } from '../../i18n/index.js';
import type { EventCheck } from '../../lib/log-verify.js';
import type { ConsentState, Origin } from '../../lib/reconcile.js';
import { VerificationBadge } from '../verification-badge/index.js';
import './access-event.css';

export interface AccessEventProps {
  eventId: string;
  leafIndex: number;
  body: AccessEventBody | null;
  check: EventCheck;
  origin: Origin | undefined;
  consent: ConsentState | undefined;
  /** The wallet's own record of this presentation, to link its consent receipt. */
  recordId: string | undefined;
  dataLabel: (name: string) => string;
  headingLevel: 2 | 3;
}

export function purposeText(body: AccessEventBody): string {
  if (!body.purpose) return t('activity.noPurpose');
  const text = body.purpose.description?.[locale.value] ?? body.purpose.code;
  return body.purpose.code === 'unregistered' ? t('activity.purpose.unregistered', { purpose: text }) : text;
}

function kindText(kind: string): string {
  const key = `activity.kind.${kind}`;
  return hasMessage(key) ? t(key) : t('activity.kind.unknown');
}

function legalBasisText(basis: string): string {
  const key = `legalBasis.${basis}`;
  return hasMessage(key) ? t(key) : basis;
}

const ORIGIN_NOTES: Partial<Record<Origin, { label: 'activity.origin.backoffice' | 'activity.origin.direct' | 'activity.origin.not_presented'; help: 'activity.origin.backoffice.help' | 'activity.origin.direct.help' | 'activity.origin.not_presented.help' }>> = {
  backoffice: { label: 'activity.origin.backoffice', help: 'activity.origin.backoffice.help' },
  direct: { label: 'activity.origin.direct', help: 'activity.origin.direct.help' },
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
          <span class="access-event__kind">{kindText(body.kind)}</span>
          {' · '}
          <time dateTime={new Date(body.occurredAt * 1000).toISOString()}>
            {formatDate(body.occurredAt * 1000, { dateStyle: 'medium', timeStyle: 'short' })}
          </time>
        </p>
      )}
      {check.state === 'failed' && (
        <p class="access-event__alarm" data-alarm-code={check.code}>
          <strong>{t('activity.alarm.event')}.</strong> {t(`activity.alarm.${check.code}`)}
        </p>
      )}
      {body && (
        <dl class="access-event__facts">
          {body.purpose && <Fact label={t('activity.purpose')}>{purposeText(body)}</Fact>}
          {body.legalBasis && <Fact label={t('activity.legalBasis')}>{legalBasisText(body.legalBasis)}</Fact>}
          {body.dataItems?.length ? (
            <Fact label={t('activity.data')}>
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
              {t(`activity.consent.${props.consent ?? 'unknown'}`)}
              {props.recordId && (
                <>
                  {' · '}
                  <a href={`/consent-receipts/${props.recordId}`}>{t('activity.consent.receipt')}</a>
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
      {body && (
        <p class="access-event__complain">
          <a
            href={`/rights?agency=${encodeURIComponent(body.agency.id)}&agencyName=${encodeURIComponent(body.agency.name)}&event=${encodeURIComponent(props.eventId)}`}
            aria-describedby={headingId}
          >
            {t('activity.complain')}
          </a>
        </p>
      )}
      <details class="access-event__details">
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
