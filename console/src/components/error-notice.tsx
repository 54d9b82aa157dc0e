// A failure shown in words in the chosen language, with what to do next; its stable code only under "technical details".
import { t } from '../i18n/index.js';
import { errorWords } from '../i18n/words.js';
import { errorCode } from '../lib/api.js';

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const code = errorCode(error);
  const words = errorWords(code);
  return (
    <div class="notice notice--error" role="alert" data-error-code={code}>
      <p class="notice__title">{words.title}</p>
      <p>{words.action}</p>
      <details class="technical">
        <summary>{t('common.technical')}</summary>
        <p class="notice__code">{t('common.codeLabel', { code })}</p>
      </details>
    </div>
  );
}
