// Search by the agency's own reference: one form for every console list that can be narrowed to a citizen's case.
import type { Signal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import { isSearchTerm } from '../lib/agency-ref.js';

export interface RefSearchProps {
  /** Element id prefix, unique on the page. */
  id: string;
  /** The list's search term; the list reads it when reloaded. */
  term: Signal<string>;
  reload: () => Promise<void>;
}

export function RefSearch({ id, term: applied, reload }: RefSearchProps) {
  const [term, setTerm] = useState(applied.value);
  const [invalid, setInvalid] = useState(false);
  function apply(value: string) {
    setInvalid(false);
    applied.value = value;
    void reload();
  }
  function submit(e: Event) {
    e.preventDefault();
    const value = term.trim();
    if (value && !isSearchTerm(value)) {
      setInvalid(true);
      return;
    }
    apply(value);
  }
  function clear() {
    setTerm('');
    apply('');
  }
  const errorId = `${id}-error`;
  return (
    <form class="console-search" role="search" aria-label={t('ref.search')} onSubmit={submit} noValidate>
      <div class="field">
        <label for={id}>{t('ref.search')}</label>
        <input
          id={id}
          type="search"
          autocomplete="off"
          maxLength={64}
          value={term}
          onInput={(e) => setTerm((e.currentTarget as HTMLInputElement).value)}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? errorId : undefined}
        />
        {invalid ? (
          <p id={errorId} class="field-error">
            {t('field.agencyRef')}
          </p>
        ) : null}
      </div>
      <button type="submit" class="button button--secondary button--small">
        {t('common.search')}
      </button>
      {applied.value ? (
        <button type="button" class="button button--secondary button--small" onClick={clear}>
          {t('common.showAll')}
        </button>
      ) : null}
    </form>
  );
}
