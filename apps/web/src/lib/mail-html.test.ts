import { describe, it, expect } from 'vitest';
import { inertLinks } from './mail-html';

describe('inertLinks', () => {
  it('puts a base target right after <head>', () => {
    expect(inertLinks('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><a href="/x">x</a></body></html>')).toBe(
      '<!DOCTYPE html><html lang="zh-CN"><head><base target="_blank"><meta charset="utf-8"></head><body><a href="/x">x</a></body></html>',
    );
  });
  it('adds a head when there is none, or prefixes a fragment', () => {
    expect(inertLinks('<html><body>x</body></html>')).toBe('<html><head><base target="_blank"></head><body>x</body></html>');
    expect(inertLinks('<p>x</p>')).toBe('<base target="_blank"><p>x</p>');
  });
  it('leaves a body that has its own base alone', () => {
    const html = '<head><base href="http://x/"></head>';
    expect(inertLinks(html)).toBe(html);
  });
  it('does not mistake <header> for <head>', () => {
    expect(inertLinks('<header>h</header>')).toBe('<base target="_blank"><header>h</header>');
  });
});
