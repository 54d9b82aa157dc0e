// A failure shown by its stable code, in the chosen language, with what to do next.
import { hasMessage, t } from '../i18n/index.js';
import { errorCode } from '../lib/api.js';

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const code = errorCode(error);
  const known = hasMessage(`error.${code}`) && hasMessage(`error.${code}.action`);
  return (
    <div class="notice notice--error" role="alert" data-error-code={code}>
      <p class="notice__title">{known ? t(`error.${code}` as never) : t('error.unknown')}</p>
      <p>{known ? t(`error.${code}.action` as never) : t('error.unknown.action')}</p>
      <p class="notice__code">{t('common.codeLabel', { code })}</p>
    </div>
  );
}
