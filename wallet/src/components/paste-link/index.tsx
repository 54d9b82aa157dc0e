// The paste field for a link an agency gave the citizen (a card offer or a data request), with a hint naming both;
// `onLink` gets the trimmed text. Used by the scan screen and the receive screen.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';

export function PasteLink({ id, onLink, class: className = 'field' }: { id: string; onLink: (text: string) => void; class?: string }) {
  const [pasted, setPasted] = useState('');
  return (
    <form
      class={className}
      onSubmit={(e) => {
        e.preventDefault();
        if (pasted.trim()) onLink(pasted.trim());
      }}
    >
      <label for={id}>{t('receive.pasteLabel')}</label>
      <textarea id={id} rows={2} aria-describedby={`${id}-hint`} value={pasted} onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)} />
      <p id={`${id}-hint`} class="hint">
        {t('receive.pasteHint')}
      </p>
      <button type="submit" class="button">
        {t('receive.continue')}
      </button>
    </form>
  );
}
