/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters —
 * 登记管理部门码 (1), 机构类别码 (1), 登记管理机关行政区划码 (6), 主体标识码 (9, the old
 * organisation code per GB 11714), and a check character over the first 17.
 *
 * The alphabet is the 10 digits and 21 capital letters without I, O, Z, S and V (31 symbols, each worth its
 * index). Check = 31 − (Σ value(i) × weight(i) mod 31), where weight(i) = 3^i mod 31; a result of 31 is 0.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = 'LENGTH' | 'CHARACTER' | 'CHECK_DIGIT';

/** The check character the first 17 characters call for; null when one of them is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * CREDIT_CODE_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[c === 31 ? 0 : c];
}

/** Why a code is not a valid 统一社会信用代码, or null when it is. Expects upper case (see normaliseCreditCode). */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'LENGTH';
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'CHARACTER';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'CHECK_DIGIT';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** Trims, removes inner spaces and upper-cases: how a code typed by hand is stored and compared. */
export function normaliseCreditCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

export function creditCodeMessage(field: string, code: string): string {
  switch (creditCodeProblem(normaliseCreditCode(code))) {
    case 'LENGTH':
      return `${field} must be an 18-character 统一社会信用代码`;
    case 'CHARACTER':
      return `${field} may contain only digits and capital letters other than I, O, Z, S and V`;
    case 'CHECK_DIGIT':
      return `${field} has a wrong check character (GB 32100-2015): check the code`;
    default:
      return `${field} is valid`;
  }
}
