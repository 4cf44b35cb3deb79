import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, normaliseCreditCode } from './credit-code.js';
import { normaliseInvestorName } from './investor-name.js';
import { isValidPhone } from './phone.js';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  // Published codes of real enterprises (each verified here against the standard's algorithm):
  // 华为技术有限公司, 深圳市腾讯计算机系统有限公司, 阿里巴巴（中国）有限公司, and two Beijing-registered 央企 codes.
  it.each(['914403001922038216', '91440300708461136T', '91330100799655058B', '91110000710925243K', '91110000100010433L'])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('computes the check character, including the "0" for a remainder of 0 and letters', () => {
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
    expect(creditCodeCheckChar('91440300708461136')).toBe('T');
    // A check value of 31 is written 0: 17 zeros sum to 0 → 31 − 0 = 31 → "0".
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it.each([
    ['91110000100001043G', 'CHECK_DIGIT'], // a plausible-looking code whose check character should be E
    ['914403001922038217', 'CHECK_DIGIT'], // Huawei's code with the last character changed
    ['91440300708461163T', 'CHECK_DIGIT'], // two digits swapped
    ['9144030019220382', 'LENGTH'],
    ['9144030019220382160', 'LENGTH'],
    ['91440300192203821I', 'CHARACTER'], // I, O, Z, S, V are not used
    ['9144030019220382O6', 'CHARACTER'],
    ['91440300192203821a', 'CHARACTER'], // lower case must be normalised first
  ])('refuses %s (%s)', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('normalises spaces and case of a typed code', () => {
    expect(normaliseCreditCode(' 91440300 708461136t ')).toBe('91440300708461136T');
    expect(isValidCreditCode(normaliseCreditCode('91440300708461136t'))).toBe(true);
  });
});

describe('normaliseInvestorName', () => {
  it.each([
    ['阿里巴巴（中国）有限公司', '阿里巴巴中国'],
    ['阿里巴巴(中国)有限公司', '阿里巴巴中国'],
    ['中国石油天然气集团有限公司', '中国石油天然气'],
    ['中国石油天然气股份有限公司', '中国石油天然气'],
    ['内蒙古伊利实业集团股份有限公司', '内蒙古伊利实业'],
    ['蒙牛乳业 有限责任公司', '蒙牛乳业'],
    ['ＡＢＣ　Ｃｏｒｐ', 'abccorp'],
    ['华为技术有限公司', '华为技术'],
  ])('%s → %s', (name, normalised) => {
    expect(normaliseInvestorName(name)).toBe(normalised);
  });
});

describe('isValidPhone', () => {
  it.each(['13812345678', '19912345678', '+8613812345678', '0471-6901234', '047169012345', '010-62345678', '0471-6901234-801'])('accepts %s', (p) =>
    expect(isValidPhone(p)).toBe(true),
  );
  it.each(['12812345678', '1381234567', '138123456789', '6901234', '0471-123', 'abc', '0471-1234567'])('refuses %s', (p) =>
    expect(isValidPhone(p)).toBe(false),
  );
});
