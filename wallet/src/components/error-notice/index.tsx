// Shows a failure by its stable code, in the chosen language, with what the citizen can do next; the technical cause
// (codes and statuses only) sits in a "technical details" disclosure for support.
import { t } from '../../i18n/index.js';
import { explainError } from '../../lib/error-code.js';

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const { code, technical } = explainError(error);
  return (
    <div class="notice notice--error" role="alert" data-error-code={code}>
      <p class="notice__title">{t(`error.${code}` as never)}</p>
      <p>{t(`error.${code}.action` as never)}</p>
      <p class="notice__code">{t('common.codeLabel', { code })}</p>
      {technical && (
        <details class="notice__details">
          <summary>{t('common.technicalDetails')}</summary>
          <p data-technical>{technical}</p>
        </details>
      )}
    </div>
  );
}
