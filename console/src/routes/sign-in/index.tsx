// Sign-in: choose the agency, paste its API key; the key is checked against the agency before it is kept (tab only).
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/id.js';
import { listAgencies, signIn, type PublicAgency } from '../../state/agency.js';

export default function SignIn() {
  const [agencies, setAgencies] = useState<PublicAgency[]>([]);
  const [agencyId, setAgencyId] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<{ agency?: MessageKey; key?: MessageKey }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listAgencies().then(setAgencies, setFailure);
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    const next: typeof errors = {};
    if (!agencyId) next.agency = 'signin.errorAgency';
    if (!/^sahih_live_\S+$/.test(apiKey.trim())) next.key = 'signin.errorKey';
    setErrors(next);
    setFailure(null);
    if (next.agency || next.key) {
      document.getElementById(next.agency ? 'signin-agency' : 'signin-key')?.focus();
      return;
    }
    setBusy(true);
    try {
      await signIn(agencyId, apiKey.trim());
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <section class="card console-narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signin.title')}</h1>
      <p class="muted">{t('signin.lead')}</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="signin-agency">{t('signin.agency')}</label>
          <select
            id="signin-agency"
            value={agencyId}
            onChange={(e) => setAgencyId((e.currentTarget as HTMLSelectElement).value)}
            aria-invalid={errors.agency ? 'true' : undefined}
            aria-describedby={errors.agency ? 'signin-agency-error' : undefined}
          >
            <option value="">{t('signin.agencyChoose')}</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.legalName}
              </option>
            ))}
          </select>
          {errors.agency ? (
            <p id="signin-agency-error" class="field-error">
              {t(errors.agency)}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="signin-key">{t('signin.key')}</label>
          <input
            id="signin-key"
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={apiKey}
            onInput={(e) => setApiKey((e.currentTarget as HTMLInputElement).value)}
            aria-invalid={errors.key ? 'true' : undefined}
            aria-describedby={errors.key ? 'signin-key-hint signin-key-error' : 'signin-key-hint'}
          />
          <p id="signin-key-hint" class="hint">
            {t('signin.keyHint')}
          </p>
          {errors.key ? (
            <p id="signin-key-error" class="field-error">
              {t(errors.key)}
            </p>
          ) : null}
        </div>
        <ErrorNotice error={failure} />
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('signin.signingIn') : t('signin.submit')}
        </button>
      </form>
      <p class="hint console-later">{t('signin.passkeysLater')}</p>
    </section>
  );
}
