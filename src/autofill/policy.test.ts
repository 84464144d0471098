import { describe, expect, it } from 'vitest';
import { frameNeedsConfirmation, secretNeedsWarning } from './policy';

describe('secretNeedsWarning', () => {
  it.each([
    'https://nas.example.com/cloud-sync',
    'https://192.168.1.20:5001/',
    'HTTPS://EXAMPLE.COM',
    'http://127.0.0.1:8080/',
    'http://127.0.0.1/',
    'http://127.255.10.3/',
    'http://127.1/',
    'http://localhost:5572/',
    'http://LOCALHOST/',
    'http://rclone.localhost/',
    'http://[::1]:8080/',
    'http://[0:0:0:0:0:0:0:1]/',
  ])('no warning for %s', (url) => {
    expect(secretNeedsWarning(url)).toBe(false);
  });

  it.each([
    'http://nas.local:5000/',
    'http://192.168.1.20/',
    'http://10.0.0.1/',
    'http://128.0.0.1/',
    'http://127.0.0.1.example.com/',
    'http://localhost.example.com/',
    'http://[::2]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'ftp://127.0.0.1/',
    'file:///home/user/form.html',
    'data:text/html,<input>',
    'about:blank',
    'not a url',
    '',
  ])('warning for %s', (url) => {
    expect(secretNeedsWarning(url)).toBe(true);
  });
});

describe('frameNeedsConfirmation', () => {
  it('same origin: no', () => {
    expect(frameNeedsConfirmation('https://nas.example.com/a', 'https://nas.example.com/b/c?x=1')).toBe(false);
  });
  it.each([
    ['https://nas.example.com/', 'https://other.example.com/'],
    ['https://nas.example.com/', 'http://nas.example.com/'],
    ['http://127.0.0.1:1000/', 'http://127.0.0.1:2000/'],
    ['http://127.0.0.1:1000/', 'http://localhost:1000/'],
    ['https://nas.example.com/', 'about:blank'],
    ['https://nas.example.com/', 'data:text/html,x'],
    ['https://nas.example.com/', 'nonsense'],
  ])('%s with a frame at %s: yes', (top, frame) => {
    expect(frameNeedsConfirmation(top, frame)).toBe(true);
  });
});
