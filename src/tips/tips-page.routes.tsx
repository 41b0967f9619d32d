import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newsroomConverter } from '../dictionary/dictionary.service.js';
import type { Db } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { renderDocument } from '../web/render.js';
import type { SiteContext } from '../web/site-context.js';
import { submitPlainTip } from './plain-submit.js';
import { readItem } from './tip-files.js';
import { decryptBytes, unlockIdentity } from './tip-crypto.js';
import { markConvertedByRoute } from './tips-http.js';
import { MAX_FILES_PER_UPLOAD, normaliseReceipt, type TipReplyPayload, type TipStatus } from './tips-protocol.js';
import { activeRecipients, tipForReceipt, tipSettings, type TipDeps } from './tips.service.js';
import { TipReceiptPage, TipSentPage, TipsPage, type PlainReply, type TipPageSettings } from './tips-page.view.js';
import type * as store from './tips.store.js';

export interface TipPageRoutesOptions extends TipDeps {
  siteContext(request: FastifyRequest): Promise<SiteContext>;
  now?: () => Date;
}

const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
/** Text fields of the plain forms: the message (≤ 50,000 characters) fits with room to spare. */
const FIELD_MAX_BYTES = 256 * 1024;

async function pageSettings(db: Db): Promise<TipPageSettings> {
  const [settings, recipients] = await Promise.all([tipSettings(db), activeRecipients(db)]);
  return { available: recipients.length > 0, maxTotalBytes: settings.maxTotalBytes, maxFiles: MAX_FILES_PER_UPLOAD, retentionDays: settings.retentionDays };
}

/** Reads an urlencoded body as text (the receipt form). */
function formField(body: unknown, name: string): string {
  if (typeof body !== 'string') return '';
  return new URLSearchParams(body).get(name) ?? '';
}

/** The replies of a tip, decrypted in memory with the tip's identity (the no-JavaScript path). */
async function decryptReplies(deps: TipDeps, identity: string, replies: store.TipItemListRow[]): Promise<PlainReply[]> {
  const result: PlainReply[] = [];
  for (const reply of replies) {
    const parts: Buffer[] = [];
    for await (const piece of readItem(deps.files, reply.file_key, reply.chunk_count)) parts.push(piece as Buffer);
    let message: string;
    try {
      const payload = JSON.parse(new TextDecoder().decode(await decryptBytes([identity], Buffer.concat(parts)))) as Partial<TipReplyPayload>;
      message = typeof payload.message === 'string' ? payload.message : '（这条回复无法显示）';
    } catch {
      message = '（这条回复无法解密）';
    }
    result.push({ createdAt: reply.created_at, message });
  }
  return result;
}

/**
 * The tip pages of one edition: `/tips` (the form, POST for the no-JavaScript path),
 * `/tips/receipt` (the receipt form, POST to open a tip) and `/tips/receipt/more` (POST a
 * follow-up). Pages that carry a receipt or replies are converted here, outside the shared
 * conversion cache.
 */
export async function tipPageRoutes(app: FastifyInstance, options: TipPageRoutesOptions): Promise<void> {
  const { siteContext, db } = options;
  const now = options.now ?? (() => new Date());
  await app.register(multipart);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, body));

  const sendPrivatePage = async (request: FastifyRequest, reply: FastifyReply, site: SiteContext, html: string) => {
    const converter = await newsroomConverter(db);
    const convert = site.edition === 'hant' ? converter.toTraditional : converter.toSimplified;
    markConvertedByRoute(request);
    return reply.type('text/html; charset=utf-8').send(html.replace(NON_ASCII_RUN, (run) => convert(run)));
  };

  const multipartParts = async (request: FastifyRequest) => {
    if (!request.isMultipart()) throw new ValidationError('表单提交方式有误，请回到线索页重新提交。');
    const { maxTotalBytes } = await tipSettings(db);
    return request.parts({ limits: { fileSize: maxTotalBytes, files: MAX_FILES_PER_UPLOAD, fields: 10, fieldSize: FIELD_MAX_BYTES, parts: MAX_FILES_PER_UPLOAD + 10 } });
  };

  app.get('/tips', async (request, reply) => {
    const site = await siteContext(request);
    return reply.type('text/html; charset=utf-8').send(renderDocument(<TipsPage site={site} settings={await pageSettings(db)} />));
  });

  app.post('/tips', async (request, reply) => {
    const site = await siteContext(request);
    const result = await submitPlainTip(options, await multipartParts(request), { now });
    return sendPrivatePage(request, reply, site, renderDocument(<TipSentPage site={site} receipt={result.receipt ?? ''} files={result.files} />));
  });

  app.get('/tips/receipt', async (request, reply) => {
    const site = await siteContext(request);
    return reply.type('text/html; charset=utf-8').send(renderDocument(<TipReceiptPage site={site} settings={await pageSettings(db)} view={null} />));
  });

  const openTip = async (receiptInput: string) => {
    const { tip, replies } = await tipForReceipt(options, receiptInput);
    const digits = normaliseReceipt(receiptInput) ?? '';
    const identity = await unlockIdentity(tip.locked_identity, digits);
    if (!identity) throw new Error(`tip ${tip.id}: its receipt matched but did not unlock its identity`);
    return {
      receipt: digits,
      status: tip.status as TipStatus,
      createdAt: tip.created_at,
      updatedAt: tip.updated_at,
      replies: await decryptReplies(options, identity, replies),
    };
  };

  app.post('/tips/receipt', async (request, reply) => {
    const site = await siteContext(request);
    const view = await openTip(formField(request.body, 'receipt'));
    return sendPrivatePage(request, reply, site, renderDocument(<TipReceiptPage site={site} settings={await pageSettings(db)} view={view} />));
  });

  app.post('/tips/receipt/more', async (request, reply) => {
    const site = await siteContext(request);
    // The receipt comes first in the form; submitPlainTip verifies it before reading any file.
    const parts = await multipartParts(request);
    let receipt = '';
    const withReceipt = (async function* () {
      for await (const part of parts) {
        if (receipt === '' && part.type === 'field' && part.fieldname === 'receipt' && typeof part.value === 'string') receipt = part.value;
        yield part;
      }
    })();
    const result = await submitPlainTip(options, withReceipt, { followUp: true, now });
    const view = await openTip(receipt);
    const notice = `补充材料已加密发送${result.files > 0 ? `（含 ${result.files} 个附件）` : ''}。回执码不变。`;
    return sendPrivatePage(request, reply, site, renderDocument(<TipReceiptPage site={site} settings={await pageSettings(db)} view={view} notice={notice} />));
  });
}
