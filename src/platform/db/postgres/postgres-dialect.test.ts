import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoInstant } from './postgres-dialect.js';

describe('PostgreSQL instants', () => {
  it('reads each text form as Date.toISOString() writes it', () => {
    const forms = [
      '2026-11-02 00:30:00+00',
      '2026-11-02 00:30:00.1+00',
      '2026-11-02 00:30:00.25+00',
      '2026-11-02 00:30:00.123456+00',
      '2026-11-02 23:59:59.999999+00',
      '2026-11-02 00:30:00.0005+00',
      '1999-12-31 16:00:00+00',
      // Other sessions' time zones and forms go through Date.
      '2026-11-02 08:30:00+08',
      '2026-11-02 08:30:00.5+05:30',
    ];
    for (const form of forms) assert.equal(isoInstant(form), new Date(form).toISOString(), form);
  });
});
