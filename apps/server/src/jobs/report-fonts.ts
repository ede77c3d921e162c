import { readFile } from 'node:fs/promises';
import { AppError } from '@xcr/core/errors';
import type { PdfFonts } from '@xcr/core/report/pdf';

/**
 * Where the PDF fonts are looked for: Debian's `fonts-dejavu-core` (Latin, Greek, Cyrillic, symbols) and
 * `fonts-droid-fallback` (CJK); `scripts/ci/install-system-deps.sh` and the image install both. The first file
 * found of each list is used.
 */
export const reportFontCandidates = {
  regular: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  bold: ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  mono: ['/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'],
  cjk: [
    '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
    '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttf',
    '/usr/share/fonts/truetype/wqy/wqy-microhei.ttf',
  ],
} as const;

async function firstReadable(paths: readonly string[]): Promise<Buffer | undefined> {
  for (const path of paths) {
    try {
      return await readFile(path);
    } catch {
      // Try the next one.
    }
  }
  return undefined;
}

let cached: Promise<PdfFonts> | undefined;

/** Reads the PDF fonts once per process. Throws `pdf_fonts_missing` when no sans or mono font is installed. */
export function loadReportFonts(
  candidates: typeof reportFontCandidates = reportFontCandidates,
): Promise<PdfFonts> {
  const load = async (): Promise<PdfFonts> => {
    const [regular, bold, mono, cjk] = await Promise.all([
      firstReadable(candidates.regular),
      firstReadable(candidates.bold),
      firstReadable(candidates.mono),
      firstReadable(candidates.cjk),
    ]);
    if (!regular || !mono) {
      throw new AppError(
        'pdf_fonts_missing',
        'PDF reports need the DejaVu fonts (Debian package fonts-dejavu-core)',
        { status: 503, retryable: false },
      );
    }
    return { regular, mono, ...(bold ? { bold } : {}), ...(cjk ? { cjk } : {}) };
  };
  if (candidates !== reportFontCandidates) return load();
  cached ??= load().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
