// Back-office access declarations (the Estonian Data Tracker model): an agency declares that it read a citizen's data
// from its own systems; the declaration enters the same log, and reaches the citizen when the NIK matches an account.
import { nikProblem, nikProblemText } from '../../shared/identity/nik.js';
import { AppError } from '../errors.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import { requireSealer, type RegistryContext } from '../registry/context.js';
import type { AgencyRecord, LegalBasis, LocalizedText } from '../store/types.js';
import { recordAccessEvent, type RecordedEvent } from './record.js';
import { subjectRef } from './subject.js';

export interface BackofficeDeclaration {
  subject: { nik: string };
  legalBasis: LegalBasis;
  /** A registered purpose of the declaring agency, or a description when the access served no registered purpose. */
  purposeCode?: string | undefined;
  purposeDescription?: LocalizedText | undefined;
  /** Data categories read (e.g. "address", "health_insurance_status"), never values. */
  dataCategories: string[];
  /** The internal system the data was read from. */
  system?: string | undefined;
  /** The agency's own case or file reference. */
  reference?: string | undefined;
}

export interface DeclarationResult extends RecordedEvent {
  /** Whether the subject matched a wallet account (otherwise the record waits in the log, unattributed). */
  matched: boolean;
}

export async function declareBackofficeAccess(
  deps: { registry: RegistryContext; log: TransparencyLog },
  agency: AgencyRecord,
  input: BackofficeDeclaration,
): Promise<DeclarationResult> {
  const problem = nikProblem(input.subject.nik);
  const ref = problem === undefined ? subjectRef(requireSealer(deps.registry), input.subject.nik) : undefined;
  if (!ref) {
    const message = nikProblemText[problem ?? 'format'];
    throw new AppError('invalid_request', { detail: `subject.nik: ${message}`, fieldErrors: [{ path: '/body/subject/nik', message }] });
  }
  const purpose = await resolvePurpose(deps.registry, agency, input);
  const accountId = (await deps.registry.store.holderBindings.accountForSubject(ref)) ?? null;
  const details: Record<string, string> = {};
  if (input.system) details.system = input.system;
  if (input.reference) details.reference = input.reference;
  const recorded = await recordAccessEvent(
    { log: deps.log, now: deps.registry.now },
    {
      kind: 'backoffice_access',
      agency: { id: agency.id, name: agency.legalName },
      subject: {},
      accountId,
      agencyRef: input.reference ?? null,
      purpose,
      legalBasis: input.legalBasis,
      dataItems: input.dataCategories,
      ...(Object.keys(details).length ? { details } : {}),
    },
  );
  return { ...recorded, matched: accountId !== null };
}

async function resolvePurpose(registry: RegistryContext, agency: AgencyRecord, input: BackofficeDeclaration) {
  if (input.purposeCode) {
    const registered = await registry.store.purposes.get(agency.id, input.purposeCode);
    if (!registered) throw new AppError('unknown_purpose', { detail: `${agency.id} has no registered purpose ${input.purposeCode}.` });
    return { code: registered.code, description: registered.description };
  }
  if (!input.purposeDescription) {
    throw new AppError('invalid_request', {
      detail: 'Give purposeCode or purposeDescription (id and en).',
      fieldErrors: [{ path: '/body/purposeDescription', message: 'required when purposeCode is absent' }],
    });
  }
  return { code: 'unregistered', description: input.purposeDescription };
}
