// Labels for the claim names and data categories in access events (names only, never values): first the type
// metadata of the cards the wallet holds (works offline), then the trust registry's credential types, else the name.
import { signal } from '@preact/signals';
import type { Locale } from '../i18n/index.js';
import type { CredentialView } from '../state/wallet.js';
import { api } from './api.js';
import { displayFor } from './issuer-metadata.js';

type Localized = { id: string; en: string };

interface RegistryType {
  claims: { name: string; label: Localized; members?: { name: string; label: Localized }[] }[];
}

/** Dotted claim path -> label in both languages, from `GET /v1/registry/credential-types`. */
export const registryLabels = signal<Map<string, Localized>>(new Map());
let loading: Promise<void> | undefined;

/** Best effort, once per page load: without it, held cards' metadata or the bare name still label the items. */
export function loadRegistryLabels(): Promise<void> {
  loading ??= api<{ credentialTypes: RegistryType[] }>('/v1/registry/credential-types').then(
    ({ credentialTypes }) => {
      const labels = new Map<string, Localized>();
      for (const type of credentialTypes) {
        for (const claim of type.claims) {
          if (!labels.has(claim.name)) labels.set(claim.name, claim.label);
          for (const m of claim.members ?? []) if (!labels.has(`${claim.name}.${m.name}`)) labels.set(`${claim.name}.${m.name}`, m.label);
        }
      }
      registryLabels.value = labels;
    },
    () => {
      loading = undefined;
    },
  );
  return loading;
}

export function dataItemLabel(name: string, held: CredentialView[] | null, locale: Locale): string {
  for (const view of held ?? []) {
    const entry = view.claimsMeta.find((m) => m.path.map((p) => (p === null ? '*' : String(p))).join('.') === name);
    const label = displayFor(entry?.display, locale)?.name;
    if (label) return label;
  }
  return registryLabels.value.get(name)?.[locale] ?? name;
}
