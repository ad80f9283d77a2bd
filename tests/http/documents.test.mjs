// documents.test.mjs — documents on a child's record (issue 16): uploading
// each kind of file kept (real small files made here: PDF, PNG, JPEG, RTF,
// text, DOCX and ODT, the last two zip containers written byte by byte),
// the refusals (a .pdf that is HTML, an oversized file, an empty one, an
// executable, a plain zip named .docx, no file), each with its message and
// nothing stored; the download's headers and bytes; the audit rows of
// upload, download and removal; a stale version refused on the metadata
// form; roles; and advice carrying its document.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import {
  startServer, createPerson, createRequest, createAdvice, dateFields, daysAgo, iso, errorLinks, fieldError, fieldValue,
  selectOptions, tableRows, auditRows, postMultipart, text, formOf,
} from './lib.mjs';

const LIMIT_KIB = 64;
let server, cw, ro, mgr;

before(async () => {
  server = await startServer({ env: { SENDMIS_DOCUMENT_MAX_KIB: String(LIMIT_KIB) } });
  mgr = await server.userClient('manager', { name: 'Morgan Lead' });
  cw = await server.userClient('caseworker', { name: 'Casey Worker' });
  ro = await server.userClient('readonly', { name: 'Rita Reader' });
});
after(async () => {
  await server?.stop();
});

/* ---- files, made here ------------------------------------------------------------ */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A zip of stored (uncompressed) entries, in the order given: [name, content].
function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name), data = Buffer.from(content), crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10); local.writeUInt16LE(0x21, 12); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0, 8);
    central.writeUInt16LE(0, 10); central.writeUInt16LE(0, 12); central.writeUInt16LE(0x21, 14); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const DOCX = zip([
  ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
  ['_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
  ['word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Advice</w:t></w:r></w:p></w:body></w:document>'],
]);
const ODT = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.text'],
  ['META-INF/manifest.xml', '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'],
  ['content.xml', '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'],
]);
const PLAIN_ZIP = zip([['notes.txt', 'hello']]);

function pdf() {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj ${o} endobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer << /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function png() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))), chunk('IEND', Buffer.alloc(0))]);
}

// A JPEG's JFIF header and end (libmagic names it from the first bytes).
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
// An x86-64 ELF executable's header.
function elf() {
  const b = Buffer.alloc(128);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b, 0);
  b.writeUInt16LE(2, 16); b.writeUInt16LE(0x3e, 18); b.writeUInt32LE(1, 20); b.writeBigUInt64LE(0x401000n, 24);
  b.writeBigUInt64LE(64n, 32); b.writeUInt16LE(64, 52); b.writeUInt16LE(56, 54); b.writeUInt16LE(1, 56); b.writeUInt16LE(64, 58);
  return b;
}

const KINDS = [
  { name: 'advice.pdf', content: pdf(), type: 'application/pdf' },
  { name: 'drawing.png', content: png(), type: 'image/png' },
  { name: 'photo.jpg', content: JPEG, type: 'image/jpeg' },
  { name: 'letter.rtf', content: Buffer.from('{\\rtf1\\ansi Dear SEN team,\\par Thank you.}'), type: 'text/rtf' },
  { name: 'notes.txt', content: Buffer.from('Notes from the meeting.\nAll agreed.\n'), type: 'text/plain' },
  { name: 'report.docx', content: DOCX, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { name: 'plan.odt', content: ODT, type: 'application/vnd.oasis.opendocument.text' },
];

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

function meta(over = {}) {
  return { doc_type: 'advice', ...dateFields('doc_date', daysAgo(3)), author: 'Dr Ada Byron, Educational Psychology', note: 'Received by post', ...over };
}

function upload(c, pid, file, fields = meta()) {
  const files = file ? { file: { content: file.content, filename: file.name, type: file.browserType ?? 'application/octet-stream' } } : {};
  return postMultipart(c, `/people/${pid}/documents/new`, fields, files);
}

// The documents on the tab: [{id, name}] from its links, newest first.
async function documentsOf(c, pid) {
  const page = await c.get(`/people/${pid}/documents`);
  assert.equal(page.status, 200);
  const table = /<table[\s\S]*?<\/table>/.exec(page.body.split('id="documents"')[1] || '')?.[0] || '';
  const list = [...table.matchAll(/<a class="govuk-link" href="\/documents\/(\d+)">([^<]*)<\/a>/g)]
    .map((m) => ({ id: Number(m[1]), name: m[2] }));
  return { page, list };
}

async function uploadOk(c, pid, file, fields) {
  const r = await upload(c, pid, file, fields);
  assert.equal(r.status, 303, `${file.name}: ${errorLinks(r.body).map((e) => e.message).join('; ')}`);
  assert.equal(r.location, `/people/${pid}/documents?saved=documents`);
  const { list } = await documentsOf(c, pid);
  const found = list.find((d) => d.name === file.name.replace(/&/g, '&amp;'));
  assert.ok(found, `${file.name} is listed`);
  return Math.max(...list.filter((d) => d.name === found.name).map((d) => d.id));
}

/* ---- the tests ----------------------------------------------------------------------- */

describe('documents', () => {
  test('each kind kept uploads, is listed, and downloads as the same bytes with safe headers', async () => {
    const pid = await createPerson(cw);
    for (const k of KINDS) {
      const id = await uploadOk(cw, pid, k);
      const dl = await cw.request('GET', `/documents/${id}`, { raw: true });
      assert.equal(dl.status, 200, k.name);
      assert.equal(dl.headers.get('content-type'), k.type, `${k.name}: the type found in the bytes`);
      assert.equal(dl.headers.get('content-disposition'), `attachment; filename="${k.name}"`, k.name);
      assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
      assert.match(dl.headers.get('content-security-policy'), /default-src 'none'.*sandbox/);
      assert.equal(sha256(dl.bytes), sha256(k.content), `${k.name}: the bytes are the ones sent`);
      // the removal page shows the checksum stored when it arrived
      const conf = await cw.get(`/documents/${id}/delete`);
      assert.ok(text(conf.body).includes(sha256(k.content)), `${k.name}: checksum stored`);
    }
    const { page, list } = await documentsOf(cw, pid);
    assert.equal(list.length, KINDS.length);
    const row = tableRows(page.body)[0];
    assert.equal(row[0], 'Advice or report');
    assert.equal(row[2], 'Dr Ada Byron, Educational Psychology');
    assert.match(row[5], /^Casey Worker/);
  });

  test('a file is refused for what it is, whatever its name or the browser says; nothing is stored and the fields are kept', async () => {
    const pid = await createPerson(cw);
    const typeMsg = 'The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT), RTF, text, JPEG or PNG file';
    const cases = [
      [{ name: 'report.pdf', content: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), browserType: 'application/pdf' }, typeMsg],
      [{ name: 'big.txt', content: Buffer.alloc(LIMIT_KIB * 1024 + 1, 'a'), browserType: 'text/plain' }, `The selected file must be smaller than ${LIMIT_KIB}KB`],
      [{ name: 'big.pdf', content: Buffer.concat([pdf(), Buffer.alloc(3 * LIMIT_KIB * 1024, ' ')]) }, `The selected file must be smaller than ${LIMIT_KIB}KB`],
      [{ name: 'empty.pdf', content: Buffer.alloc(0) }, 'The selected file is empty'],
      [{ name: 'setup.pdf', content: elf() }, typeMsg],
      [{ name: 'archive.docx', content: PLAIN_ZIP }, typeMsg],
      [null, 'Select a file'],
    ];
    for (const [file, msg] of cases) {
      const r = await upload(cw, pid, file, meta({ author: 'Kept Author', note: 'Kept note' }));
      assert.equal(r.status, 422, file?.name ?? 'no file');
      assert.match(r.body, /<title>Error: /);
      assert.deepEqual(errorLinks(r.body), [{ field: 'file', message: msg }], file?.name ?? 'no file');
      assert.equal(fieldError(r.body, 'file'), msg);
      assert.match(r.body, /<input class="govuk-file-upload govuk-file-upload--error" id="file" name="file" type="file"/);
      assert.equal(fieldValue(r.body, 'author'), 'Kept Author');
      assert.equal(fieldValue(r.body, 'note'), 'Kept note');
      assert.equal(fieldValue(r.body, 'doc_type'), 'advice');
      assert.equal(fieldValue(r.body, 'doc_date-day'), String(daysAgo(3).getDate()));
    }
    // a file exactly at the limit is kept
    assert.equal((await documentsOf(cw, pid)).list.length, 0, 'nothing stored');
    await uploadOk(cw, pid, { name: 'limit.txt', content: Buffer.alloc(LIMIT_KIB * 1024, 'b') });
  });

  test('the file and the fields are checked together, each error naming its field', async () => {
    const pid = await createPerson(cw);
    const r = await upload(cw, pid, { name: 'x.pdf', content: Buffer.from('<html></html>') },
      { doc_type: '', ...dateFields('doc_date', daysAgo(-2)), author: 'A'.repeat(121) });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field), ['file', 'doc_type', 'doc_date-day', 'author']);
    assert.equal(fieldError(r.body, 'doc_date'), 'Date of the document must be today or in the past');
    assert.equal(fieldError(r.body, 'author'), 'Author must be 120 characters or fewer');
    assert.equal((await documentsOf(cw, pid)).list.length, 0);
  });

  test('a file name is kept as given, and sent back with RFC 6266 filename*', async () => {
    const pid = await createPerson(cw);
    const file = { name: 'Rapport d’évaluation (Zoë).pdf', content: pdf() };
    const id = await uploadOk(cw, pid, file);
    const dl = await cw.request('GET', `/documents/${id}`, { raw: true });
    assert.equal(dl.headers.get('content-disposition'),
      `attachment; filename="Rapport d__valuation (Zo_).pdf"; filename*=UTF-8''${encodeURIComponent(file.name).replace(/['()]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`);
    // a Word file named .pdf keeps its name and gains the extension of what it is
    const odd = await uploadOk(cw, pid, { name: 'minutes.pdf', content: DOCX });
    const d2 = await cw.request('GET', `/documents/${odd}`, { raw: true });
    assert.equal(d2.headers.get('content-type'), KINDS[5].type);
    assert.equal(d2.headers.get('content-disposition'), 'attachment; filename="minutes.pdf.docx"');
  });

  test('upload, download and removal are audited, naming the child; removal deletes the bytes', async () => {
    const pid = await createPerson(cw);
    const file = { name: 'review.pdf', content: pdf() };
    const id = await uploadOk(cw, pid, file, meta({ doc_type: 'review' }));
    assert.equal((await cw.request('GET', `/documents/${id}`, { raw: true })).status, 200);
    const del = await cw.submit(`/documents/${id}/delete`);
    assert.equal(del.status, 303);
    assert.equal(del.location, `/people/${pid}/documents?removed=documents`);
    const tab = await cw.get(del.location);
    assert.match(tab.body, /Document removed/);
    assert.equal((await documentsOf(cw, pid)).list.length, 0);
    assert.equal((await cw.get(`/documents/${id}`)).status, 404, 'the bytes are gone');
    const rows = auditRows((await mgr.get('/admin/audit', { person: String(pid), entity: 'documents' })).body);
    const actions = rows.map((r) => r[2]);
    for (const a of ['create', 'download', 'delete']) assert.ok(actions.includes(a), `audit has ${a}: ${actions}`);
    for (const r of rows) assert.equal(r[4], String(pid), 'each row names the child');
    assert.ok(rows.filter((r) => r[2] !== 'view').every((r) => r[1] === cw.user.username), 'by the caseworker');
  });

  test('the metadata form: changes saved and audited, a stale version refused with the values kept', async () => {
    const pid = await createPerson(cw);
    const id = await uploadOk(cw, pid, { name: 'letter.txt', content: Buffer.from('Dear team\n') }, meta({ doc_type: 'letter_in' }));
    const first = await cw.get(`/documents/${id}/edit`);
    const second = await mgr.get(`/documents/${id}/edit`);
    assert.equal(first.status, 200);
    const f1 = formOf(first.body), f2 = formOf(second.body);
    const set = (f, changes) => f.fields.filter(([k]) => !(k in changes)).concat(Object.entries(changes));
    const ok = await cw.post(f1.action, set(f1, { author: 'Parent', note: 'About transport' }), { csrf: false });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, `/people/${pid}/documents?saved=documents`);
    const rows = tableRows((await cw.get(`/people/${pid}/documents`)).body);
    assert.equal(rows[0][2], 'Parent');
    const stale = await mgr.post(f2.action, set(f2, { author: 'Someone else' }), { csrf: false });
    assert.equal(stale.status, 422);
    assert.match(errorLinks(stale.body)[0].message, /Someone else saved changes to this document after you opened it/);
    assert.equal(fieldValue(stale.body, 'author'), 'Someone else');
    assert.equal(tableRows((await cw.get(`/people/${pid}/documents`)).body)[0][2], 'Parent', 'not overwritten');
    const audit = auditRows((await mgr.get('/admin/audit', { person: String(pid), entity: 'documents', action: 'update' })).body);
    assert.equal(audit.length, 1);
  });

  test('read-only users may see and download documents, but not upload, change or remove them', async () => {
    const pid = await createPerson(cw);
    const id = await uploadOk(cw, pid, { name: 'plan.pdf', content: pdf() }, meta({ doc_type: 'plan_final' }));
    const tab = await ro.get(`/people/${pid}/documents`);
    assert.equal(tab.status, 200);
    assert.ok(!tab.body.includes('enctype="multipart/form-data"'), 'no upload form');
    assert.ok(!tab.body.includes(`/documents/${id}/edit`), 'no change link');
    const dl = await ro.request('GET', `/documents/${id}`, { raw: true });
    assert.equal(dl.status, 200);
    assert.equal(sha256(dl.bytes), sha256(pdf()));
    const r = await upload(ro, pid, { name: 'x.pdf', content: pdf() });
    assert.equal(r.status, 403);
    assert.equal((await ro.post(`/documents/${id}/delete`, { version: '1' })).status, 403);
    assert.equal((await documentsOf(cw, pid)).list.length, 1);
    // the tab is on the record, just before History
    const rec = await cw.get(`/people/${pid}`);
    assert.match(rec.body, /href="\/people\/\d+\/documents">Documents<\/a><\/li><li class="moj-sub-navigation__item"><a class="moj-sub-navigation__link" href="\/people\/\d+\/history">History<\/a>/);
  });

  test('advice carries its document: uploaded on its page, or chosen from the child\'s advice reports', async () => {
    const pid = await createPerson(cw);
    const rid = await createRequest(cw, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(5)) });
    const a1 = await createAdvice(cw, pid, rid, { service: 'EP', ...dateFields('requested_date', daysAgo(15)), ...dateFields('received_date', daysAgo(2)) });
    const a2 = await createAdvice(cw, pid, rid, { service: 'SALT', ...dateFields('requested_date', daysAgo(15)), ...dateFields('received_date', daysAgo(1)) });
    // the advice's page links to its document page
    const edit = await cw.get(`/advice/${a1}/edit`);
    assert.match(edit.body, new RegExp(`href="/advice/${a1}/document">Attach the advice's document`));
    const page = await cw.get(`/advice/${a1}/document`);
    assert.equal(page.status, 200);
    assert.equal(fieldValue(page.body, 'doc_type'), 'advice', 'an advice report by default');
    const version = /name="version" value="(\d+)"/.exec(page.body)[1];
    // a refusal on the advice's page keeps the fields
    const bad = await postMultipart(cw, `/advice/${a1}/document/upload`, { version, ...meta({ author: 'EP service' }) },
      { file: { content: Buffer.from('<html>no</html>'), filename: 'ep.pdf' } });
    assert.equal(bad.status, 422);
    assert.equal(fieldValue(bad.body, 'author'), 'EP service');
    const up = await postMultipart(cw, `/advice/${a1}/document/upload`, { version, ...meta({ author: 'EP service' }) },
      { file: { content: pdf(), filename: 'ep-advice.pdf' } });
    assert.equal(up.status, 303, errorLinks(up.body).map((e) => e.message).join('; '));
    assert.equal(up.location, `/people/${pid}/documents?saved=advice#advice`);
    let tab = await cw.get(`/people/${pid}/documents`);
    const advice = tableRows(tab.body.split('id="advice"')[1]);
    assert.deepEqual(advice.map((r) => [r[0], r[2]]), [['Educational psychology', 'ep-advice.pdf'], ['Speech and language therapy', 'None attached']]);
    // the second advice chooses the same child's advice report
    const p2 = await cw.get(`/advice/${a2}/document`);
    const opts = selectOptions(p2.body, 'document_id');
    assert.deepEqual(opts.map((o) => o.label.split(' (')[0]), ['None', 'ep-advice.pdf']);
    const docId = opts[1].value;
    const v2 = /name="version" value="(\d+)"/.exec(p2.body)[1];
    const chose = await cw.post(`/advice/${a2}/document`, { version: v2, document_id: docId });
    assert.equal(chose.status, 303);
    tab = await cw.get(`/people/${pid}/documents`);
    assert.deepEqual(tableRows(tab.body.split('id="advice"')[1]).map((r) => r[2]), ['ep-advice.pdf', 'ep-advice.pdf']);
    // stale: the version the page was opened at has gone
    assert.equal((await cw.post(`/advice/${a2}/document`, { version: v2, document_id: '' })).status, 409);
    // another child's document cannot be chosen
    const other = await createPerson(cw);
    const theirs = await uploadOk(cw, other, { name: 'theirs.pdf', content: pdf() });
    const p3 = await cw.get(`/advice/${a2}/document`);
    const v3 = /name="version" value="(\d+)"/.exec(p3.body)[1];
    const wrong = await cw.post(`/advice/${a2}/document`, { version: v3, document_id: String(theirs) });
    assert.equal(wrong.status, 422);
    assert.deepEqual(errorLinks(wrong.body).map((e) => e.message), ["Select one of this child or young person's documents"]);
    // removing the document leaves the advice without one
    const del = await cw.submit(`/documents/${docId}/delete`);
    assert.equal(del.status, 303);
    tab = await cw.get(`/people/${pid}/documents`);
    assert.deepEqual(tableRows(tab.body.split('id="advice"')[1]).map((r) => r[2]), ['None attached', 'None attached']);
    const audit = auditRows((await mgr.get('/admin/audit', { person: String(pid), entity: 'advice', action: 'update' })).body);
    assert.ok(audit.length >= 2, 'attaching is audited against the advice');
  });
});
