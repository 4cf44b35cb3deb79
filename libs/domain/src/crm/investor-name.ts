/**
 * Normalises an enterprise name for duplicate detection: full-width forms folded (NFKC, so （） becomes ()),
 * Latin letters lower-cased, the legal-form words 股份有限公司 / 有限责任公司 / 有限公司 / 集团 and every
 * bracket and space removed. 「阿里巴巴（中国）有限公司」 → 「阿里巴巴中国」.
 *
 * The migration defines the same rule in SQL (luodi_investor_norm) for the stored column; keep them equal.
 */
export const INVESTOR_NAME_NOISE = /股份有限公司|有限责任公司|有限公司|集团|[\s()（）【】\[\]]/gu;

export function normaliseInvestorName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(INVESTOR_NAME_NOISE, '');
}
