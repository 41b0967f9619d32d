import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCalendarDate, isValidTimeZone, isoWithOffset, localDate, localParts, zonedTimeToInstant } from './time.js';

describe('time in the outlet timezone', () => {
  it('converts wall-clock time in a zone to a UTC instant', () => {
    assert.equal(zonedTimeToInstant('2025-03-18', '09:30', 'Asia/Shanghai'), '2025-03-18T01:30:00.000Z');
    assert.equal(zonedTimeToInstant('2025-03-18', '00:00', 'Asia/Taipei'), '2025-03-17T16:00:00.000Z');
    assert.equal(zonedTimeToInstant('2025-07-01', '12:00', 'America/New_York'), '2025-07-01T16:00:00.000Z', 'summer time');
    assert.equal(zonedTimeToInstant('2025-01-01', '12:00', 'America/New_York'), '2025-01-01T17:00:00.000Z', 'winter time');
  });

  it('gives the local date, which differs from the UTC date late in the evening UTC', () => {
    assert.equal(localDate('2025-03-17T17:00:00.000Z', 'Asia/Shanghai'), '2025-03-18');
    assert.equal(localDate('2025-03-17T15:59:00.000Z', 'Asia/Shanghai'), '2025-03-17');
    assert.deepEqual(localParts('2025-03-17T17:05:00.000Z', 'Asia/Shanghai'), { year: 2025, month: 3, day: 18, hour: 1, minute: 5 });
  });

  it('writes ISO-8601 with the zone offset for metadata', () => {
    assert.equal(isoWithOffset('2025-03-18T01:30:00.000Z', 'Asia/Shanghai'), '2025-03-18T09:30:00+08:00');
    assert.equal(isoWithOffset('2025-01-01T17:00:00.000Z', 'America/New_York'), '2025-01-01T12:00:00-05:00');
    assert.equal(isoWithOffset('2025-01-01T00:00:00.000Z', 'UTC'), '2025-01-01T00:00:00+00:00');
  });

  it('accepts only real calendar dates and known zones', () => {
    assert.equal(isCalendarDate('2024-02-29'), true);
    assert.equal(isCalendarDate('2025-02-29'), false);
    assert.equal(isCalendarDate('2025-3-1'), false);
    assert.equal(isValidTimeZone('Asia/Taipei'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
  });
});
