// The token is dropped from the page's address (history.replaceState with this result) and the
// server's first-visit redirect never carries it.
import { describe, it, expect } from 'vitest';
import { addressWithoutToken } from '../../../src/shared/address-token';

describe('address without the token', () => {
  it('removes only the token, keeping path, other parameters and the route', () => {
    expect(addressWithoutToken('http://127.0.0.1:4100/?token=abc')).toBe('/');
    expect(addressWithoutToken('http://127.0.0.1:4100/train?x=1&token=abc#/runs')).toBe('/train?x=1#/runs');
    expect(addressWithoutToken('http://127.0.0.1:4100/?token=a&token=b')).toBe('/');
  });
  it('leaves an address without a token alone', () => {
    expect(addressWithoutToken('http://127.0.0.1:4100/data')).toBeNull();
    expect(addressWithoutToken('not a url')).toBeNull();
  });
});
