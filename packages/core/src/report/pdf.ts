/**
 * The PDF report (pdfkit): header with the scan's details, quality score in its band colour, severity
 * distribution, most affected files, then the findings in sections with severity colours, code snippets and
 * suggestions, and page numbers. Fonts arrive as bytes (core reads no files): a Unicode sans and mono font for
 * Latin, Cyrillic, Greek and symbols, and optionally a CJK font that takes over for runs of CJK characters, which
 * the others lack.
 */
import PDFDocument from 'pdfkit';
import type { Finding, ScanResult, Severity } from '@xcr/contracts';
import {
  cweUrl,
  groupFindings,
  languagesLabel,
  locationLabel,
  scoreBand,
  severityOrder,
  topAffectedFiles,
  type FindingGrouping,
} from './report-model.ts';

/** Font files (TrueType bytes) the PDF embeds; only the glyphs used are embedded. */
export interface PdfFonts {
  regular: Uint8Array;
  bold?: Uint8Array;
  mono: Uint8Array;
  /** Used for CJK runs; without it CJK text shows as missing glyphs. */
  cjk?: Uint8Array;
}

/** Options of {@link renderPdf}. */
export interface PdfRenderOptions {
  fonts: PdfFonts;
  groupBy?: FindingGrouping;
  /** Extra rows for the details table (project, task, branch...), shown before the scan's own. */
  details?: ReadonlyArray<readonly [string, string]>;
  /** Snippets longer than this many lines are cut (with a note). */
  maxSnippetLines?: number;
}

type FontRole = 'regular' | 'bold' | 'mono';

/** Text options plus the left edge to start at (pdfkit takes it as an argument; the cursor's y is kept). */
type PlacedTextOptions = PDFKit.Mixins.TextOptions & { x?: number };

const severityColours: Record<Severity, string> = {
  critical: '#b71c1c',
  high: '#e65100',
  medium: '#f9a825',
  low: '#1565c0',
  info: '#607d8b',
};
const textColour = '#1f2328';
const mutedColour = '#57606a';
const margin = 50;

// Han, kana, Hangul, CJK punctuation and full-width forms, plus astral CJK ideographs (surrogate pairs).
const cjkRun =
  /((?:[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff])+)/;

/** Text as runs of CJK and other characters, in order (empty runs dropped). */
export function splitCjkRuns(text: string): Array<{ text: string; isCjk: boolean }> {
  return text
    .split(cjkRun)
    .map((part, i) => ({ text: part, isCjk: i % 2 === 1 }))
    .filter((run) => run.text.length > 0);
}

/** Control characters other than newline would print as boxes or break lines oddly; tabs become two spaces. */
function clean(text: string): string {
  return text
    .replace(/\t/g, '  ')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

interface Writer {
  doc: PDFKit.PDFDocument;
  hasCjk: boolean;
  /** Writes text at the cursor in `role`, switching to the CJK font for CJK runs. */
  text(value: string, role: FontRole, size: number, colour?: string, options?: PlacedTextOptions): void;
  /** Starts a new page when less than `heightPt` remains. */
  ensureSpace(heightPt: number): void;
}

function createWriter(doc: PDFKit.PDFDocument, fonts: PdfFonts): Writer {
  const hasCjk = fonts.cjk !== undefined;
  return {
    doc,
    hasCjk,
    text(value, role, size, colour = textColour, options = {}) {
      const runs = splitCjkRuns(clean(value));
      if (runs.length === 0) runs.push({ text: ' ', isCjk: false });
      const { x, ...textOptions } = options;
      doc.fillColor(colour).fontSize(size);
      runs.forEach((run, i) => {
        doc.font(run.isCjk && hasCjk ? 'cjk' : role);
        const continued = i < runs.length - 1;
        // Position and width go with the first run only; continued runs flow on from it.
        if (i > 0) doc.text(run.text, { continued });
        else if (x !== undefined) doc.text(run.text, x, doc.y, { ...textOptions, continued });
        else doc.text(run.text, { ...textOptions, continued });
      });
    },
    ensureSpace(heightPt) {
      if (doc.y + heightPt > doc.page.height - doc.page.margins.bottom) doc.addPage();
    },
  };
}

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function heading(w: Writer, label: string): void {
  w.ensureSpace(60);
  w.doc.moveDown(0.8);
  w.text(label, 'bold', 14, textColour, { x: margin });
  const y = w.doc.y + 2;
  w.doc
    .moveTo(margin, y)
    .lineTo(margin + contentWidth(w.doc), y)
    .lineWidth(0.5)
    .strokeColor('#d0d7de')
    .stroke();
  w.doc.y = y + 6;
}

function detailsTable(w: Writer, rows: ReadonlyArray<readonly [string, string]>): void {
  const { doc } = w;
  for (const [key, value] of rows) {
    w.ensureSpace(16);
    const y = doc.y;
    w.text(key, 'bold', 9, mutedColour, { x: margin, width: 110 });
    const afterKey = doc.y;
    doc.y = y;
    w.text(value || '—', 'regular', 9, textColour, { x: margin + 120, width: contentWidth(doc) - 120 });
    doc.y = Math.max(doc.y, afterKey) + 2;
  }
}

function scoreSection(w: Writer, result: ScanResult): void {
  const { doc } = w;
  heading(w, 'Quality score');
  const band = scoreBand(result.quality_score);
  const y = doc.y;
  w.text(`${result.quality_score}`, 'bold', 30, band.colour, { x: margin });
  doc.y = y + 6;
  w.text(`/ 100  ${band.label}`, 'regular', 11, mutedColour, { x: margin + 70 });
  const barY = y + 26;
  doc.roundedRect(margin + 70, barY, 200, 8, 4).fill('#d0d7de');
  if (result.quality_score > 0)
    doc.roundedRect(margin + 70, barY, 2 * result.quality_score, 8, 4).fill(band.colour);
  doc.y = y + 44;
  const m = result.metrics;
  w.text(
    `Security ${m.security} · Maintainability ${m.maintainability} · Complexity ${m.complexity} · Performance ${m.performance}`,
    'regular',
    9,
    mutedColour,
    { x: margin },
  );
}

function distributionSection(w: Writer, result: ScanResult): void {
  const { doc } = w;
  heading(w, 'Severity distribution');
  const total = Math.max(1, result.summary.total);
  for (const s of severityOrder) {
    w.ensureSpace(16);
    const y = doc.y;
    doc.rect(margin, y + 1, 9, 9).fill(severityColours[s]);
    w.text(s, 'regular', 10, textColour, { x: margin + 16, width: 80 });
    doc.y = y;
    w.text(String(result.summary[s]), 'bold', 10, textColour, { x: margin + 100, width: 50, align: 'right' });
    const width = (220 * result.summary[s]) / total;
    if (width > 0) doc.rect(margin + 160, y + 2, width, 7).fill(severityColours[s]);
    doc.y = y + 15;
  }
  w.text(`Total: ${result.summary.total}`, 'bold', 10, textColour, { x: margin });
}

function filesSection(w: Writer, result: ScanResult): void {
  const top = topAffectedFiles(result.findings, 10);
  if (top.length === 0) return;
  const { doc } = w;
  heading(w, 'Most affected files');
  for (const row of top) {
    w.ensureSpace(16);
    const y = doc.y;
    w.text(row.path, 'mono', 8.5, textColour, { x: margin, width: contentWidth(doc) - 130 });
    const after = doc.y;
    doc.y = y;
    w.text(String(row.count), 'bold', 9, textColour, {
      x: margin + contentWidth(doc) - 120,
      width: 40,
      align: 'right',
    });
    doc.y = y;
    w.text(row.worst, 'regular', 9, severityColours[row.worst], {
      x: margin + contentWidth(doc) - 70,
      width: 70,
    });
    doc.y = Math.max(after, y + 12) + 2;
  }
}

function snippetBlock(w: Writer, code: string, maxLines: number): void {
  const { doc } = w;
  const lines = clean(code).split('\n');
  const shown =
    lines.length > maxLines
      ? [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more lines`]
      : lines;
  const text = shown.join('\n');
  const width = contentWidth(doc) - 16;
  doc.font('mono').fontSize(8);
  const height = doc.heightOfString(text, { width }) + 8;
  const pageRoom = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
  if (height < pageRoom) w.ensureSpace(height + 4);
  const top = doc.y;
  if (height < pageRoom) doc.rect(margin, top, contentWidth(doc), height).fill('#f6f8fa');
  doc.y = top + 4;
  w.text(text, 'mono', 8, textColour, { x: margin + 8, width });
  doc.y = Math.max(doc.y, top + height) + 4;
}

function findingBlock(w: Writer, f: Finding, n: number, maxSnippetLines: number): void {
  const { doc } = w;
  w.ensureSpace(90);
  doc.moveDown(0.4);
  const y = doc.y;
  const colour = severityColours[f.severity];
  doc.roundedRect(margin, y, 58, 13, 3).fill(colour);
  doc
    .font('bold')
    .fontSize(7.5)
    .fillColor('#ffffff')
    .text(f.severity.toUpperCase(), margin, y + 3, { width: 58, align: 'center' });
  doc.y = y;
  w.text(`${n}. ${f.title}`, 'bold', 10.5, textColour, { x: margin + 66, width: contentWidth(doc) - 66 });
  doc.y = Math.max(doc.y, y + 15);
  const meta = [locationLabel(f), f.category];
  if (f.rule_id) meta.push(`rule ${f.rule_id}`);
  if (f.cwe.length > 0) meta.push(f.cwe.map((c) => `CWE-${c}`).join(', '));
  meta.push(`confidence ${Math.round(f.confidence * 100)}%`);
  w.text(meta.join(' · '), 'regular', 8, mutedColour, { x: margin, width: contentWidth(doc) });
  if (f.cwe[0] !== undefined) doc.link(margin, doc.y - 10, contentWidth(doc), 10, cweUrl(f.cwe[0]));
  doc.moveDown(0.2);
  if (f.description) w.text(f.description, 'regular', 9, textColour, { x: margin, width: contentWidth(doc) });
  const e = f.explanation;
  for (const [label, value] of [
    ['What', e.what],
    ['Why', e.why],
    ['How', e.how],
  ] as const) {
    if (value && value !== f.description)
      w.text(`${label}: ${value}`, 'regular', 9, textColour, { x: margin, width: contentWidth(doc) });
  }
  if (f.code_snippet) {
    doc.moveDown(0.2);
    snippetBlock(w, f.code_snippet, maxSnippetLines);
  }
  if (f.suggestion)
    w.text(`Suggestion: ${f.suggestion}`, 'regular', 9, '#1a7f37', { x: margin, width: contentWidth(doc) });
  if (f.fix_example) snippetBlock(w, f.fix_example, maxSnippetLines);
  doc.moveDown(0.3);
}

function footers(w: Writer, result: ScanResult): void {
  const { doc } = w;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would open a new page: lift the margin while the footer is written.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const label = `${result.tool.name} ${result.tool.version} · ${result.root} · page ${i + 1 - range.start} of ${range.count}`;
    doc.y = doc.page.height - 32;
    w.text(label, 'regular', 7.5, mutedColour, {
      x: margin,
      width: contentWidth(doc),
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

/** Renders the scan as a PDF document (A4). */
export function renderPdf(result: ScanResult, options: PdfRenderOptions): Promise<Buffer> {
  const { fonts } = options;
  // No default font: pdfkit would load its built-in Latin-1-only Helvetica, and a default that repeats one of ours
  // defeats pdfkit's font cache (the same font would then be parsed again at every switch).
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    font: null as unknown as string,
    info: {
      Title: `${result.tool.name} audit report — ${result.root}`,
      Creator: `${result.tool.name} ${result.tool.version}`,
      Producer: result.tool.name,
      CreationDate: new Date(result.finished_at),
    },
  });
  doc.registerFont('regular', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold ?? fonts.regular));
  doc.registerFont('mono', Buffer.from(fonts.mono));
  if (fonts.cjk) doc.registerFont('cjk', Buffer.from(fonts.cjk));
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = createWriter(doc, fonts);
  w.text(`${result.tool.name} audit report`, 'bold', 20, textColour, { x: margin });
  w.text(result.root, 'regular', 12, mutedColour, { x: margin });
  doc.moveDown(0.6);
  detailsTable(w, [
    ...(options.details ?? []),
    ...(result.commit ? ([['Commit', result.commit]] as const) : []),
    ['Started', result.started_at],
    ['Finished', result.finished_at],
    ['Files', `${result.files_scanned} scanned of ${result.files_total} (${result.skipped.length} skipped)`],
    ['Lines scanned', String(result.lines_scanned)],
    ['Languages', languagesLabel(result.languages)],
    ['Tool', `${result.tool.name} ${result.tool.version} (rules ${result.tool.rules_version})`],
    ...(result.llm ? ([['Model', `${result.llm.provider}:${result.llm.model}`]] as const) : []),
  ]);
  scoreSection(w, result);
  distributionSection(w, result);
  filesSection(w, result);
  if (result.findings.length === 0) {
    heading(w, 'Findings');
    w.text('No findings.', 'regular', 10, textColour, { x: margin });
  }
  let n = 0;
  for (const group of groupFindings(result.findings, options.groupBy ?? 'severity')) {
    heading(w, `${group.label} (${group.findings.length})`);
    for (const f of group.findings) findingBlock(w, f, ++n, options.maxSnippetLines ?? 40);
  }
  footers(w, result);
  doc.end();
  return done;
}
