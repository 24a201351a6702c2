/** Disputes a merchant raises on a PAID payment (or capture), and the files attached to them. */
import type { DomainCore, Lifecycle } from './core.js';
import { amountTooHigh, badRequest, invalidProperty, invalidStatus } from './errors.js';
import { hex } from './ids.js';
import { int, pick, str } from './json.js';
import type { Capture, Dispute, StoredFile } from './model.js';
import { books, disputeView } from './views.js';

/** An uploaded file as the Server API received it. */
export interface Upload {
  readonly fileName: string | undefined;
  readonly contentType: string | undefined;
  readonly data: Buffer;
}

export class Disputes {
  readonly lifecycle: Lifecycle<Dispute>;

  constructor(private readonly core: DomainCore) {
    this.lifecycle = {
      resourceKey: 'dispute',
      label: 'dispute',
      webhook: true,
      view: (d) => this.view(d),
    };
  }

  get(merchantId: string, id: string | undefined): Dispute {
    return this.core.stores.disputes.get(merchantId, id);
  }

  view(d: Dispute): Record<string, unknown> {
    return disputeView(d, this.core.stores.payments.lookup(d.paymentId), (id) => this.core.stores.files.lookup(id));
  }

  /** The disputes of a payment (or of one capture). */
  ofPayment(paymentId: string | undefined, merchantId: string, captureId?: string): Dispute[] {
    const p = this.core.stores.payments.get(merchantId, paymentId);
    const out: Dispute[] = [];
    for (const id of p.disputeIds) {
      const d = this.core.stores.disputes.lookup(id);
      if (d !== undefined && (captureId === undefined || d.captureId === captureId)) out.push(d);
    }
    return out;
  }

  create(merchantId: string, paymentId: string | undefined, capture: Capture | undefined, body: unknown): Dispute {
    const p = this.core.stores.payments.get(merchantId, paymentId);
    const b = books(p, this.core.stores);
    const max = capture ? capture.amount : b.paid;
    if (max <= 0 || (capture && capture.status !== 'PAID') || !['PAID', 'REFUNDED'].includes(p.status)) {
      throw invalidStatus('payment', p.id, p.status, 'dispute (needs a PAID payment)');
    }
    const amount = int(pick(body, 'amountOfMoney', 'amount')) ?? max;
    if (amount <= 0) throw badRequest('amountOfMoney.amount must be greater than 0', 'amountOfMoney.amount');
    if (amount > max) throw amountTooHigh('amountOfMoney.amount', amount, max, 'dispute');
    const now = this.core.now();
    const d: Dispute = {
      id: `${p.id.slice(0, 23)}-5${String(this.core.nextSeq()).padStart(5, '0')}`,
      merchantId,
      paymentId: p.id,
      captureId: capture?.id,
      amount,
      currency: p.currency,
      status: 'DRAFT',
      changedAt: now,
      createdAt: now,
      contactPerson: str(pick(body, 'contactPerson')),
      emailAddress: str(pick(body, 'emailAddress')),
      replyTo: str(pick(body, 'replyTo')),
      requestMessage: str(pick(body, 'requestMessage')),
      fileIds: [],
    };
    this.core.stores.disputes.add(d);
    p.disputeIds.push(d.id);
    this.core.transition(this.lifecycle, d, 'DRAFT');
    return d;
  }

  submit(merchantId: string, id: string | undefined): Dispute {
    const d = this.get(merchantId, id);
    this.core.move(this.lifecycle, d, ['DRAFT'], 'CREATED', 'submit');
    return d;
  }

  cancel(merchantId: string, id: string | undefined): Dispute {
    const d = this.get(merchantId, id);
    this.core.move(this.lifecycle, d, ['DRAFT', 'CREATED'], 'CANCELLED', 'cancel');
    return d;
  }

  /** disputes.uploadFile: at most 10 files per dispute, while it is DRAFT or CREATED. */
  addFile(merchantId: string, id: string | undefined, upload: Upload | undefined): StoredFile {
    const d = this.get(merchantId, id);
    this.checkUploadable(d);
    if (upload === undefined) throw invalidProperty('file', 'a multipart part named "file" is required');
    if (upload.data.length === 0) throw badRequest('the uploaded file is empty', 'file');
    if (d.fileIds.length >= 10) throw badRequest('a dispute holds at most 10 files', 'file');
    const f: StoredFile = {
      id: hex(16),
      merchantId,
      disputeId: d.id,
      fileName: upload.fileName ?? 'file',
      contentType:
        upload.contentType !== undefined && /^[\x21-\x7e]+\/[\x20-\x7e]+$/.test(upload.contentType)
          ? upload.contentType
          : 'application/octet-stream',
      data: upload.data,
    };
    this.core.stores.files.add(f);
    d.fileIds.push(f.id);
    return f;
  }

  /** 409 unless files may be added to `d` (DRAFT or CREATED). */
  checkUploadable(d: Dispute): void {
    if (d.status !== 'DRAFT' && d.status !== 'CREATED') {
      throw invalidStatus('dispute', d.id, d.status, 'upload a file to');
    }
  }

  /** files.getFile */
  file(merchantId: string, id: string | undefined): StoredFile {
    return this.core.stores.files.get(merchantId, id);
  }
}
