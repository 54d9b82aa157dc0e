// The service version, from package.json, for /healthz and /openapi.json.
import pkg from '../package.json' with { type: 'json' };

export const serviceVersion: string = pkg.version;
