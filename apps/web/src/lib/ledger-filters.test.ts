import { describe, expect, it } from 'vitest';
import { activeFilterCount, ledgerSearchParams, parseLedgerFilters, toProjectQuery } from './ledger-filters';

const UNIT = '0b8f6c2e-4a51-4c3e-9d0e-2f1a3b4c5d6e';

describe('ledger filters in the URL', () => {
  it('reads a full view and writes the same parameters back', () => {
    const url = `stage=SIGNED,LANDED&unitId=${UNIT}&family=INVESTMENT&q=光伏&band=10to50&alertLevel=OVERDUE,NONE&sort=-totalInvestment&page=3&pageSize=50`;
    const f = parseLedgerFilters(new URLSearchParams(url));
    expect(f).toMatchObject({
      stage: ['SIGNED', 'LANDED'],
      unitId: UNIT,
      family: 'INVESTMENT',
      q: '光伏',
      band: '10to50',
      alertLevel: ['OVERDUE', 'NONE'],
      sort: '-totalInvestment',
      page: 3,
      pageSize: 50,
    });
    expect(new URLSearchParams(ledgerSearchParams(f)).toString()).toBe(new URLSearchParams(url).toString());
  });

  it('drops unknown stages, malformed ids, odd page sizes and unknown bands', () => {
    const f = parseLedgerFilters(new URLSearchParams('stage=SIGNED,BOGUS&unitId=1;drop&pageSize=7&page=-2&band=huge&family=X&alertLevel=RED'));
    expect(f.stage).toEqual(['SIGNED']);
    expect(f.unitId).toBeUndefined();
    expect(f.pageSize).toBe(20);
    expect(f.page).toBe(1);
    expect(f.band).toBeUndefined();
    expect(f.family).toBeUndefined();
    expect(f.alertLevel).toEqual([]);
  });

  it('leaves defaults out of the URL', () => {
    expect(ledgerSearchParams(parseLedgerFilters(new URLSearchParams(''))).toString()).toBe('');
  });

  it('turns an investment band into the API range in 万元', () => {
    const q = toProjectQuery(parseLedgerFilters(new URLSearchParams('band=1to5')));
    expect(q.minInvestment).toBe('10000');
    expect(q.maxInvestment).toBe('49999.99');
    const open = toProjectQuery(parseLedgerFilters(new URLSearchParams('band=ge50')), false);
    expect(open.minInvestment).toBe('500000');
    expect(open.maxInvestment).toBeUndefined();
    expect('page' in open).toBe(false);
  });

  it('counts the filters in use', () => {
    expect(activeFilterCount(parseLedgerFilters(new URLSearchParams('stage=SIGNED&q=x&sort=name&page=2')))).toBe(2);
  });
});
