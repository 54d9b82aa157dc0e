// Shows a failure in words, in the chosen language, with what the citizen can do next; the stable code and the
// technical cause (codes and statuses only) sit folded under "Detail teknis" for support, never in the visible text.
import { t } from '../../i18n/index.js';
import { errorWords } from '../../i18n/words.js';
import { explainError } from '../../lib/error-code.js';

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const { code, technical } = explainError(error);
  const words = errorWords(code);
  return (
    <div class="notice notice--error" role="alert" data-error-code={code}>
      <p class="notice__title">{words.title}</p>
      <p>{words.action}</p>
      <details class="notice__details" data-technical-details>
        <summary>{t('common.technicalDetails')}</summary>
        <p data-technical>{t('common.technicalCode', { code: technical ? `${code} · ${technical}` : code })}</p>
      </details>
    </div>
  );
}
