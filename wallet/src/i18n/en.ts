// English catalogue: every key of the Bahasa Indonesia catalogue, checked by the type.
import type { MessageKey } from './id.js';

export const en: Record<MessageKey, string> = {
  'app.name': 'Sahih',
  'app.tagline': 'Your digital identity wallet',
  'welcome.title': 'Welcome to Sahih',
  'welcome.lead':
    'Sahih keeps cards and documents from official agencies on your phone, and shares only the data you agree to.',
  'welcome.lead2': 'Every time your data is used, you can see who used it, when, and why.',
  'welcome.start': 'Start',
  'welcome.learnMore': 'How is my data protected?',
  'welcome.protection':
    "Your data is stored encrypted on this phone. You sign in with your device's passkey, with no password to steal.",
  'offline.banner': 'You are offline. Your cards are still available; other features wait for a connection.',
  'language.label': 'Language',
  'language.id': 'Bahasa Indonesia',
  'language.en': 'English',
  'nav.skip': 'Skip to main content',
  'notFound.title': 'Page not found',
  'notFound.back': 'Back to home',
  'update.ready': 'A new version of Sahih is ready.',
  'update.reload': 'Reload',
};
