// Shows a failure by its stable code, in the chosen language, with what the citizen can do next.
import { hasMessage, t } from '../../i18n/index.js';
import { errorCode } from '../../lib/error-code.js';

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const code = errorCode(error);
  const known = hasMessage(`error.${code}`) && hasMessage(`error.${code}.action`);
  const message = known ? t(`error.${code}` as never) : t('error.unknown');
  const action = known ? t(`error.${code}.action` as never) : t('error.unknown.action');
  return (
    <div class="notice notice--error" role="alert" data-error-code={code}>
      <p class="notice__title">{message}</p>
      <p>{action}</p>
      <p class="notice__code">{t('common.codeLabel', { code })}</p>
    </div>
  );
}
