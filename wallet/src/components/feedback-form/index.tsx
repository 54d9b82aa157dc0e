// Rate a service (1 to 5) and say something about it, or send an agency a suggestion: optional, a few taps, and the
// citizen is told plainly that the agency sees the words but not who wrote them.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { online } from '../../lib/use-online.js';
import { feedbackByEvent, sendFeedback } from '../../state/feedback.js';
import { ErrorNotice } from '../error-notice/index.js';
import './feedback-form.css';

const RATINGS = [1, 2, 3, 4, 5] as const;

export interface FeedbackFormProps {
  /** The interaction rated; absent for a suggestion to the agency. */
  eventId?: string;
  agencyId: string;
  agencyName: string;
  /** Unique within the page, for labels. */
  idPrefix: string;
}

export function FeedbackForm(props: FeedbackFormProps) {
  const suggestion = !props.eventId;
  const given = props.eventId ? feedbackByEvent.value.get(props.eventId) : undefined;
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);

  if (given || sent)
    return (
      <p class="feedback-form__thanks" role="status">
        {given?.rating ? t('feedback.given', { rating: given.rating }) : t('feedback.thanks')}
      </p>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await sendFeedback({
        ...(props.eventId ? { eventId: props.eventId } : { agencyId: props.agencyId }),
        ...(rating === null ? {} : { rating }),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const empty = suggestion ? !comment.trim() : rating === null && !comment.trim();
  const legendId = `${props.idPrefix}-legend`;
  return (
    <form class="feedback-form" onSubmit={(e) => void submit(e)} aria-label={t(suggestion ? 'feedback.suggest.title' : 'feedback.title', { agency: props.agencyName })}>
      {!suggestion && (
        <fieldset class="feedback-form__rating" aria-describedby={`${props.idPrefix}-scale`}>
          <legend id={legendId}>{t('feedback.rating', { agency: props.agencyName })}</legend>
          <div class="feedback-form__stars">
            {RATINGS.map((n) => (
              <label key={n} class="feedback-form__star">
                <input type="radio" name={`${props.idPrefix}-rating`} value={n} checked={rating === n} onChange={() => setRating(n)} />
                <span aria-hidden="true">{n <= (rating ?? 0) ? '★' : '☆'}</span>
                <span class="visually-hidden">{t(`feedback.rating.${n}`)}</span>
              </label>
            ))}
          </div>
          <p id={`${props.idPrefix}-scale`} class="hint">
            {rating === null ? t('feedback.scale') : t(`feedback.rating.${rating as 1 | 2 | 3 | 4 | 5}`)}
          </p>
        </fieldset>
      )}
      <div class="field">
        <label for={`${props.idPrefix}-comment`}>{t(suggestion ? 'feedback.suggest.label' : 'feedback.comment')}</label>
        <textarea id={`${props.idPrefix}-comment`} rows={3} maxLength={1000} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
      </div>
      <p class="hint">{t('feedback.privacy')}</p>
      <button type="submit" class="button button--secondary" disabled={busy || empty || !online.value} aria-busy={busy}>
        {t(suggestion ? 'feedback.suggest.send' : 'feedback.send')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}
