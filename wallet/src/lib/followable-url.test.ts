import { describe, expect, it } from 'vitest';
import { followableUrl } from './followable-url.js';

describe('followableUrl', () => {
  it('keeps http(s) and refuses every other scheme or a non-URL', () => {
    expect(followableUrl('https://rs.example/privasi')).toBe('https://rs.example/privasi');
    expect(followableUrl('http://localhost:3000/p')).toBe('http://localhost:3000/p');
    for (const raw of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '/relative', 'not a url', '']) {
      expect(followableUrl(raw), raw).toBeUndefined();
    }
  });
});
