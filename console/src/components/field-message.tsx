// The error under a form field, in the chosen language; its id is what the input's aria-describedby points at.
import { t } from '../i18n/index.js';
import type { FieldProblem } from '../lib/claims-form.js';

export function FieldMessage({ id, problem }: { id: string; problem: FieldProblem | undefined }) {
  if (!problem) return null;
  return (
    <p id={id} class="field-error" data-field-error>
      {'key' in problem ? t(problem.key) : t('field.server', { message: problem.server })}
    </p>
  );
}
