/** Server API handlers: disputes and their files. */
import { invalidMultipart } from '../../domain/errors.js';
import { type GroupHandlers, ok } from '../handler.js';
import { parseMultipart } from '../multipart.js';

export const disputes: GroupHandlers<'disputes'> = {
  'disputes.get': (ctx, req) =>
    ok(ctx.domain.disputes.view(ctx.domain.disputes.get(req.merchantId, req.pathParams['disputeId']))),
  'disputes.submit': (ctx, req) =>
    ok(ctx.domain.disputes.view(ctx.domain.disputes.submit(req.merchantId, req.pathParams['disputeId']))),
  'disputes.cancel': (ctx, req) =>
    ok(ctx.domain.disputes.view(ctx.domain.disputes.cancel(req.merchantId, req.pathParams['disputeId']))),
  'disputes.uploadFile': (ctx, req) => {
    // the dispute and its status are checked before the body is judged (404/409 before 400)
    const d = ctx.domain.disputes.get(req.merchantId, req.pathParams['disputeId']);
    ctx.domain.disputes.checkUploadable(d);
    const ct = req.contentType ?? '';
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ct);
    if (!ct.toLowerCase().startsWith('multipart/form-data') || !boundary) throw invalidMultipart();
    const file = parseMultipart(req.rawBody, (boundary[1] ?? boundary[2] ?? '').trim()).find((p) => p.name === 'file');
    const f = ctx.domain.disputes.addFile(
      req.merchantId,
      d.id,
      file && { fileName: file.filename, contentType: file.contentType, data: file.data },
    );
    return ok({ disputeId: d.id, fileId: f.id });
  },
};

export const files: GroupHandlers<'files'> = {
  'files.getFile': (ctx, req) => {
    const f = ctx.domain.disputes.file(req.merchantId, req.pathParams['fileId']);
    return { status: 200, raw: { data: f.data, contentType: f.contentType, filename: f.fileName } };
  },
};
