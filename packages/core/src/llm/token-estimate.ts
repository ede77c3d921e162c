/**
 * Token estimates for budgeting before a call. Providers report real counts afterwards; these only need to be
 * close and on the safe side. Latin text and code run at about four characters per token; CJK ideographs,
 * kana and hangul are roughly one token each (often more than one per character with byte-level tokenisers,
 * never far fewer), so they are counted one for one.
 */

// CJK symbols and punctuation, kana, CJK ideographs (with extension A), hangul, compatibility ideographs and
// full-width forms.
const cjkPattern = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/g;

/** Estimated tokens of `text`: characters / 4 for everything but CJK, one token per CJK character. */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const cjk = text.match(cjkPattern)?.length ?? 0;
  return Math.ceil((text.length - cjk) / 4 + cjk);
}
