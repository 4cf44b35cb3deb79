/** Mainland mobile numbers (1[3-9] + 9 digits), optionally written with +86 / 86. */
const MOBILE = /^(?:\+?86[- ]?)?1[3-9]\d{9}$/;
/** Landlines with the area code: 0 + 2–3 digits, an optional "-", 7–8 digits, an optional extension. 0471-1234567 */
const LANDLINE = /^0\d{2,3}-?[2-9]\d{6,7}(?:-\d{1,6})?$/;

export function isValidPhone(phone: string): boolean {
  const p = phone.trim().replace(/ /g, '');
  return MOBILE.test(p) || LANDLINE.test(p);
}
