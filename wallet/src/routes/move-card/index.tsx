// Moving a card from another wallet: the citizen picks (or pastes) the file that wallet exported with the card and its
// key; the wallet checks both, proves the key to the service, keeps the card, and says how many earlier uses of the
// card now appear in "who used my data". Says plainly that this needs the other wallet to export keys.
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { t } from '../../i18n/index.js';
import { useWallet } from '../../lib/use-wallet.js';
import { moveCard, type MovedCard } from '../../state/holder-keys.js';

function Outcome({ moved }: { moved: MovedCard }) {
  const attached = moved.attachedEvents;
  return (
    <div class="notice notice--success" role="status" data-moved-card={moved.id} data-attached-events={attached ?? 'later'}>
      <p class="notice__title">{t('move.done')}</p>
      <p>{attached === null ? t('move.proveLater') : attached === 0 ? t('move.noEarlier') : t('move.earlier', { count: attached })}</p>
      <div class="button-row">
        <a class="button" href={`/credentials/${moved.id}`}>
          {t('receive.view')}
        </a>
        {attached !== null && (
          <a class="button button--secondary" href="/activity">
            {t('move.openActivity')}
          </a>
        )}
      </div>
      <p class="hint">{t('move.deleteFile')}</p>
    </div>
  );
}

export default function MoveCard() {
  const { state, error } = useWallet();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [moved, setMoved] = useState<MovedCard | null>(null);

  const run = (source: Promise<string>) => {
    setBusy(true);
    setProblem(null);
    setMoved(null);
    source
      .then(moveCard)
      .then(setMoved, setProblem)
      .finally(() => {
        // The key is in that text: it does not stay on the screen.
        setText('');
        setBusy(false);
      });
  };

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="move-title">
      <a href="/receive" class="back-link">
        {t('common.back')}
      </a>
      <h1 id="move-title">{t('move.title')}</h1>
      {state === 'locked' && <UnlockCard message="move.locked" />}
      <p>{t('move.lead')}</p>
      <p class="hint">{t('move.needsExport')}</p>
      <ErrorNotice error={problem} />
      {moved && <Outcome moved={moved} />}
      {state === 'ready' && (
        <form
          class="card"
          aria-busy={busy}
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) run(Promise.resolve(text));
          }}
        >
          <p class="notice" id="move-secret">
            {t('move.secret')}
          </p>
          <div class="field">
            <label for="move-file">{t('move.fileLabel')}</label>
            <input
              id="move-file"
              type="file"
              accept="application/json,.json"
              aria-describedby="move-secret"
              disabled={busy}
              onChange={(e) => {
                const input = e.currentTarget as HTMLInputElement;
                const file = input.files?.[0];
                input.value = '';
                if (file) run(file.text());
              }}
            />
          </div>
          <div class="field">
            <label for="move-text">{t('move.pasteLabel')}</label>
            <textarea id="move-text" rows={3} autoComplete="off" spellcheck={false} aria-describedby="move-secret" disabled={busy} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          </div>
          <button type="submit" class="button" disabled={busy || !text.trim()}>
            {t('move.submit')}
          </button>
          {busy && <p role="status">{t('move.working')}</p>}
        </form>
      )}
    </section>
  );
}
