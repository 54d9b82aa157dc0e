// Whether a URL an agency supplied (its privacy notice) may become a link: only http and https. Anything else —
// javascript:, data:, a relative path — is shown as text, so following it can never run script or leave the web.
export function followableUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}
