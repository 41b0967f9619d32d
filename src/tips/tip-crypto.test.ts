import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Encrypter } from 'age-encryption';
import { headerStanzaTypes, lockIdentity, newIdentity, startsLikeAge, unlockIdentity } from './tip-crypto.js';
import { newReceipt, receiptTag } from './receipts.js';
import { formatReceipt, normaliseReceipt } from './tips-protocol.js';

describe('receipts and age helpers', () => {
  it('normalises receipts as readers type them, and refuses anything else', () => {
    assert.equal(normaliseReceipt('1234 5678 9012 3456'), '1234567890123456');
    assert.equal(normaliseReceipt('１２３４－５６７８－９０１２－３４５６'), '1234567890123456');
    assert.equal(normaliseReceipt(' 1234-5678-9012-3456\n'), '1234567890123456');
    assert.equal(normaliseReceipt('1234 5678 9012 345'), null);
    assert.equal(normaliseReceipt('1234 5678 9012 345x'), null);
    assert.equal(formatReceipt('1234567890123456'), '1234 5678 9012 3456');
  });

  it('makes 16-digit receipts whose tags spread over 4 hex digits', () => {
    const receipts = Array.from({ length: 200 }, newReceipt);
    assert.ok(receipts.every((r) => /^\d{16}$/.test(r)));
    assert.equal(new Set(receipts).size, 200);
    const tags = new Set(receipts.map(receiptTag));
    assert.ok([...tags].every((t) => /^[0-9a-f]{4}$/.test(t)));
    assert.ok(tags.size > 190, 'tags are spread, not constant');
  });

  it('locks a tip identity with the receipt; another receipt does not open it', async () => {
    const { identity } = await newIdentity();
    const locked = await lockIdentity(identity, '1234567890123456');
    assert.equal(await unlockIdentity(locked, '1234567890123456'), identity);
    assert.equal(await unlockIdentity(locked, '1234567890123457'), null);
    assert.deepEqual(headerStanzaTypes(Buffer.from(locked, 'base64')), ['scrypt']);
  });

  it('reads the stanza types of an age header and tells age from plaintext', async () => {
    const encrypter = new Encrypter();
    encrypter.addRecipient((await newIdentity()).recipient);
    encrypter.addRecipient((await newIdentity()).recipient);
    const file = await encrypter.encrypt('消息');
    assert.ok(startsLikeAge(file));
    assert.deepEqual(headerStanzaTypes(file), ['X25519', 'X25519']);
    assert.equal(headerStanzaTypes(file.subarray(0, 30)), null, 'an incomplete header');
    assert.equal(startsLikeAge(new TextEncoder().encode('age-encryption.org/v2\n')), false);
  });
});
