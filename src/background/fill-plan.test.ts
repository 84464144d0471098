import { describe, expect, it } from 'vitest';
import { planFill, type FrameProbe } from './fill-plan';

const probe = (p: Partial<FrameProbe> & { frameId: number; url: string }): FrameProbe => ({
  keyId: false,
  secret: false,
  focused: null,
  origin: new URL(p.url).origin,
  isTop: p.frameId === 0,
  ...p,
});

describe('planFill', () => {
  const top = probe({ frameId: 0, url: 'https://nas.example/sync', keyId: true, secret: true });
  it('fills the top frame when it has the field', () => {
    expect(planFill([top], 'both')).toMatchObject({ kind: 'fill', frameId: 0, target: 'both', origin: 'https://nas.example' });
  });
  it('says so when no frame has a fitting field', () => {
    const plan = planFill([probe({ frameId: 0, url: 'https://x.example' })], 'keyId');
    expect(plan.kind).toBe('notFound');
  });
  it('asks before filling into a cross-origin frame, then fills once confirmed', () => {
    const frames = [probe({ frameId: 0, url: 'https://portal.example' }), probe({ frameId: 5, url: 'https://widget.other.example/form', keyId: true })];
    expect(planFill(frames, 'keyId')).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame', frameId: 5, origin: 'https://widget.other.example' });
    expect(planFill(frames, 'keyId', { confirmedOrigin: 'https://widget.other.example' })).toMatchObject({ kind: 'fill', frameId: 5 });
  });
  it('a yes covers only the origin it was given for', () => {
    const swapped = [probe({ frameId: 0, url: 'https://portal.example' }), probe({ frameId: 5, url: 'https://evil.example/form', keyId: true })];
    expect(planFill(swapped, 'keyId', { confirmedOrigin: 'https://widget.other.example' })).toMatchObject({ kind: 'confirm', origin: 'https://evil.example' });
  });
  it('asks both questions at once for an http frame from another site', () => {
    const frames = [probe({ frameId: 0, url: 'http://portal.lan/' }), probe({ frameId: 4, url: 'http://other.lan/f', secret: true })];
    const plan = planFill(frames, 'secret');
    expect(plan).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame' });
    if (plan.kind === 'confirm') expect(plan.message).toMatch(/inside a frame.*not using https/);
  });
  it('does not ask for a same-origin frame', () => {
    const frames = [probe({ frameId: 0, url: 'https://portal.example' }), probe({ frameId: 2, url: 'https://portal.example/inner', keyId: true })];
    expect(planFill(frames, 'keyId')).toMatchObject({ kind: 'fill', frameId: 2 });
  });
  it('warns before a secret goes to plain http, but not to loopback or for a keyID', () => {
    const http = probe({ frameId: 0, url: 'http://nas.lan:5000/', keyId: true, secret: true });
    expect(planFill([http], 'secret')).toMatchObject({ kind: 'confirm', reason: 'insecurePage' });
    expect(planFill([http], 'secret', { confirmedOrigin: 'http://nas.lan:5000' })).toMatchObject({ kind: 'fill' });
    expect(planFill([http], 'both')).toMatchObject({ kind: 'confirm', reason: 'insecurePage' });
    expect(planFill([http], 'keyId')).toMatchObject({ kind: 'fill' });
    const loop = probe({ frameId: 0, url: 'http://127.0.0.1:8080/', keyId: true, secret: true });
    expect(planFill([loop], 'secret')).toMatchObject({ kind: 'fill' });
  });
  it('fills the right-clicked frame’s focused field when pinned', () => {
    const frames = [top, probe({ frameId: 3, url: 'https://nas.example/inner', focused: 'text' })];
    expect(planFill(frames, 'keyId', { frameId: 3, target: 'focused' })).toMatchObject({ kind: 'fill', frameId: 3, target: 'focused' });
  });
  it('finds the frame with the focused field for the keyboard command', () => {
    const frames = [top, probe({ frameId: 3, url: 'https://nas.example/inner', focused: 'keyId' })];
    expect(planFill(frames, 'keyId', { target: 'focused' })).toMatchObject({ kind: 'fill', frameId: 3 });
    expect(planFill([top], 'keyId', { target: 'focused' }).kind).toBe('notFound');
  });
  it('treats a sandboxed frame as foreign even on the same URL, and asks every time', () => {
    const frames = [probe({ frameId: 0, url: 'https://wiki.corp/page' }), probe({ frameId: 4, url: 'https://wiki.corp/render/123', origin: 'null', keyId: true, secret: true })];
    const plan = planFill(frames, 'both');
    expect(plan).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame', origin: 'null' });
    if (plan.kind === 'confirm') expect(plan.message).toMatch(/sandboxed/);
    expect(planFill(frames, 'both', { confirmedOrigin: 'null' }).kind).toBe('confirm');
  });
  it('asks when the top frame could not be probed', () => {
    expect(planFill([probe({ frameId: 7, url: 'https://evil.example/x', keyId: true })], 'keyId')).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame' });
  });
  it('names the frame by its real origin (about:srcdoc frames inherit their parent’s)', () => {
    const frames = [probe({ frameId: 0, url: 'https://portal.example/' }), probe({ frameId: 2, url: 'about:srcdoc', origin: 'https://evil.example', keyId: true })];
    const plan = planFill(frames, 'keyId');
    expect(plan).toMatchObject({ kind: 'confirm', origin: 'https://evil.example' });
    if (plan.kind === 'confirm') expect(plan.message).toMatch(/evil\.example/);
  });
});
