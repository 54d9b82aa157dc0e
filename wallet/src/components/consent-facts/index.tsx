// Who is asking, why, on which legal basis, for how long, who receives it and how to withdraw: the same facts on the
// consent screen (from the verified request and the registry) and on the receipt (from the signed consent record).
import type { ComponentChildren } from 'preact';
import type { LegalBasis, LocalizedText } from '../../../../shared/consent/record.js';
import { locale, t } from '../../i18n/index.js';
import { followableUrl } from '../../lib/followable-url.js';
import './consent-facts.css';

export interface ConsentFactsProps {
  agency: { name: string; contact: string; dpoContact: string };
  purpose: LocalizedText;
  legalBasis: LegalBasis;
  /** The retention line (the consent screen says "N days", the receipt says until which date). */
  retention: { label: string; value: string };
  recipients: { name: string }[];
  privacyNoticeUrl: string;
  /** How to withdraw: shown unless there is nothing to withdraw (a refusal). */
  withdrawal?: boolean;
  children?: ComponentChildren;
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="claims__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ConsentFacts(props: ConsentFactsProps) {
  const { agency } = props;
  const noticeHref = followableUrl(props.privacyNoticeUrl);
  return (
    <>
      <dl class="claims consent-facts">
      <Fact label={t('present.who')}>{agency.name}</Fact>
      <Fact label={t('present.contact')}>{agency.contact}</Fact>
      <Fact label={t('present.dpo')}>{agency.dpoContact}</Fact>
      <Fact label={t('present.purpose')}>{props.purpose[locale.value]}</Fact>
      <Fact label={t('present.legalBasis')}>
        <span data-legal-basis={props.legalBasis}>{t(`present.basis.${props.legalBasis}`)}</span>
      </Fact>
      <Fact label={props.retention.label}>{props.retention.value}</Fact>
      <Fact label={t('present.recipients')}>{props.recipients.map((r) => r.name).join(', ')}</Fact>
      {props.withdrawal !== false && <Fact label={t('present.withdraw')}>{t('present.withdrawText', { dpo: agency.dpoContact })}</Fact>}
      {props.children}
      </dl>
      <p class="consent-facts__notice">
        {noticeHref ? (
          <a href={noticeHref} rel="noopener noreferrer" target="_blank">
            {t('present.privacyNotice', { agency: agency.name })}
          </a>
        ) : (
          // Not http(s): shown as text, never as a link (followable-url.ts).
          <span class="consent-facts__unfollowable">{t('present.privacyNoticeNotLink', { url: props.privacyNoticeUrl })}</span>
        )}
      </p>
    </>
  );
}
