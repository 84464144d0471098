import { describe, expect, it } from 'vitest';
import { demoChromiumArgs } from './chromium-args';

const BASE = ['--no-sandbox', '--disable-gpu', '--disable-sync', '--no-first-run'];

describe('npm start Chromium flags', () => {
  it('passes --no-sandbox only when running as root', () => {
    expect(demoChromiumArgs(BASE, true)).toEqual(['--no-sandbox', '--disable-sync', '--no-first-run']);
    expect(demoChromiumArgs(BASE, false)).toEqual(['--disable-sync', '--no-first-run']);
  });
});
